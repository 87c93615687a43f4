//! `Options` (an owned `nb_options`), its builder, and the enumerated names
//! it takes: binding `Mode`, `GpuVendor`, `MemPolicy`.

use std::fmt;
use std::ptr::{self, NonNull};
use std::str::FromStr;

use numabind_sys as sys;

use crate::c_values::{c_string, take_string};
use crate::cpuset::CpuSet;
use crate::error::{check, static_text, Error, ErrorCode, Result};

/// One Rust enum per C enum, with the C library's own parser and names, so
/// `"core-complex".parse::<Mode>()` accepts and rejects exactly what the C
/// API and the `numabind` tool do.
macro_rules! c_enum {
    (
        $(#[$doc:meta])* $name:ident($raw:ident), parse: $parse:ident, name: $c_name:ident,
        { $($(#[$vdoc:meta])* $variant:ident = $constant:ident,)* }
    ) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $($(#[$vdoc])* $variant,)*
        }

        impl $name {
            pub(crate) fn raw(self) -> sys::$raw {
                match self {
                    $($name::$variant => sys::$raw::$constant,)*
                }
            }

            /// The name the C API parses and writes (`"core-complex"`).
            pub fn name(self) -> &'static str {
                // SAFETY: every variant is a value of the C enum, for which
                // the library returns a static string.
                static_text(unsafe { sys::$c_name(self.raw()) })
            }

            #[cfg(test)]
            pub(crate) const ALL: &'static [$name] = &[$($name::$variant,)*];
        }

        impl FromStr for $name {
            type Err = Error;
            /// The C library's parser: an unknown name is
            /// [`ErrorCode::Mode`] naming it.
            fn from_str(name: &str) -> Result<$name> {
                let name = c_string(name, ErrorCode::Mode, stringify!($name))?;
                let mut raw = sys::$raw(0);
                // SAFETY: out points to a local, name is a valid C string.
                check(unsafe { sys::$parse(&mut raw, name.as_ptr()) })?;
                $(if raw == sys::$raw::$constant { return Ok($name::$variant); })*
                Err(Error::new(ErrorCode::Internal, format!(
                    "{} value {} is not known to this crate", stringify!($name), raw.0)))
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.name())
            }
        }
    };
}

c_enum! {
    /// Which CPUs a local rank is bound to, for the GPU it drives (its "host
    /// node" is the NUMA node with CPUs closest to that GPU).
    Mode(nb_mode), parse: nb_mode_parse, name: nb_mode_name, {
        /// `node`: every allowed CPU of the host node.
        Node = NB_MODE_NODE,
        /// `socket`: every allowed CPU of the package(s) holding the host node.
        Socket = NB_MODE_SOCKET,
        /// `exclusive`: the host node's allowed cores split evenly among its GPUs.
        Exclusive = NB_MODE_EXCLUSIVE,
        /// `core-complex`: one group of CPUs sharing the last-level cache.
        CoreComplex = NB_MODE_CORE_COMPLEX,
        /// `closest`: the GPU's own hwloc locality.
        Closest = NB_MODE_CLOSEST,
    }
}

c_enum! {
    /// Which GPUs are discovered.
    GpuVendor(nb_gpu_vendor), parse: nb_gpu_vendor_parse, name: nb_gpu_vendor_name, {
        /// `auto`: NVIDIA GPUs when there are any, else AMD GPUs.
        Auto = NB_GPU_VENDOR_AUTO,
        /// `nvidia`.
        Nvidia = NB_GPU_VENDOR_NVIDIA,
        /// `amd`.
        Amd = NB_GPU_VENDOR_AMD,
    }
}

c_enum! {
    /// Memory policy applied together with a binding, over the NUMA nodes
    /// holding the binding's CPUs.
    MemPolicy(nb_mem_policy), parse: nb_mem_policy_parse, name: nb_mem_policy_name, {
        /// `local`: leave it to the kernel (allocate on the running CPU's node).
        Local = NB_MEM_POLICY_LOCAL,
        /// `preferred`: the binding's nodes first, elsewhere when full.
        Preferred = NB_MEM_POLICY_PREFERRED,
        /// `bind`: only the binding's nodes.
        Bind = NB_MEM_POLICY_BIND,
        /// `interleave`: pages spread across the binding's nodes.
        Interleave = NB_MEM_POLICY_INTERLEAVE,
    }
}

/// How to compute and apply a binding: an owned `nb_options`.
///
/// Made with [`Options::new`] (the defaults: mode `node`, no fall-back, no
/// allowed-CPU override, vendor `auto`, no explicit bus ids, visible devices
/// from the environment, memory policy `local`), [`Options::builder`], or
/// [`Options::from_json`]; [`Options::to_json`] writes every field, and the
/// two round-trip exactly. `nb_options` is a plain value in the C API, so
/// `Options` is `Send` and `Sync`.
pub struct Options {
    raw: NonNull<sys::nb_options>,
}

// SAFETY: the header makes nb_options a plain value with no tie to a thread.
unsafe impl Send for Options {}
// SAFETY: the header allows concurrent reads of an nb_options; after
// construction this type only ever reads it (setters run in build()).
unsafe impl Sync for Options {}

impl Options {
    fn from_raw(raw: *mut sys::nb_options) -> Result<Options> {
        NonNull::new(raw)
            .map(|raw| Options { raw })
            .ok_or_else(|| Error::new(ErrorCode::Internal, "the library returned NULL options with NB_OK"))
    }

    pub(crate) fn as_ptr(&self) -> *const sys::nb_options {
        self.raw.as_ptr()
    }

    /// The defaults.
    pub fn new() -> Result<Options> {
        let mut raw = ptr::null_mut();
        // SAFETY: out points to a local; on success it receives options we own.
        check(unsafe { sys::nb_options_new(&mut raw) })?;
        Options::from_raw(raw)
    }

    /// A builder starting from the defaults.
    pub fn builder() -> OptionsBuilder {
        OptionsBuilder::default()
    }

    /// Options from a JSON object as [`to_json`](Self::to_json) writes it
    /// (schema `numabind.options/1`); missing keys keep their defaults.
    /// Unknown keys and wrong types are [`ErrorCode::Json`], unknown names
    /// [`ErrorCode::Mode`], bad CPU lists [`ErrorCode::CpuList`], an empty
    /// allowed list [`ErrorCode::Empty`], bad bus ids
    /// [`ErrorCode::GpuSelection`]; the message names the key and value.
    pub fn from_json(json: &str) -> Result<Options> {
        let json = c_string(json, ErrorCode::Json, "options JSON")?;
        let mut raw = ptr::null_mut();
        // SAFETY: out points to a local, json is a valid C string.
        check(unsafe { sys::nb_options_from_json(&mut raw, json.as_ptr()) })?;
        Options::from_raw(raw)
    }

    /// Every field as JSON:
    /// `{"schema":"numabind.options/1","mode":"node","fallback":false,...}`.
    pub fn to_json(&self) -> Result<String> {
        let mut raw = ptr::null_mut();
        // SAFETY: out points to a local; self is live (a read).
        check(unsafe { sys::nb_options_to_json(&mut raw, self.as_ptr()) })?;
        // SAFETY: raw is the library's string for us to nb_free, used once.
        Ok(unsafe { take_string(raw) })
    }

    /// A copy, reporting an allocation failure (`Clone` panics on one).
    pub fn try_clone(&self) -> Result<Options> {
        let mut raw = ptr::null_mut();
        // SAFETY: out points to a local; self is live (a read).
        check(unsafe { sys::nb_options_dup(&mut raw, self.as_ptr()) })?;
        Options::from_raw(raw)
    }
}

impl Drop for Options {
    fn drop(&mut self) {
        // SAFETY: we own the options, and nothing uses them after drop.
        unsafe { sys::nb_options_free(self.raw.as_ptr()) }
    }
}

impl Clone for Options {
    /// Panics only when the library runs out of memory, as std's collections do.
    fn clone(&self) -> Options {
        self.try_clone().unwrap_or_else(|e| panic!("numabind: cannot copy options: {e}"))
    }
}

impl fmt::Debug for Options {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.to_json() {
            Ok(json) => write!(f, "Options({json})"),
            Err(e) => write!(f, "Options(<{e}>)"),
        }
    }
}

/// Builds [`Options`]; each setting left alone keeps its default.
///
/// ```
/// use numabind::{MemPolicy, Mode, Options};
/// let options = Options::builder().mode(Mode::Exclusive).mem_policy(MemPolicy::Bind).fallback(true).build()?;
/// assert!(options.to_json()?.contains(r#""mode":"exclusive""#));
/// # Ok::<(), numabind::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct OptionsBuilder {
    mode: Option<Mode>,
    fallback: Option<bool>,
    allowed_cpus: Option<CpuSet>,
    gpu_vendor: Option<GpuVendor>,
    pci_bus_ids: Option<String>,
    visible_devices: Option<String>,
    mem_policy: Option<MemPolicy>,
}

impl OptionsBuilder {
    /// The binding mode.
    pub fn mode(mut self, mode: Mode) -> Self {
        self.mode = Some(mode);
        self
    }

    /// Fall back: when a binding cannot be computed or applied, the applying
    /// calls ([`push`](crate::push), [`spawn`](crate::spawn),
    /// [`CommandExt`](crate::CommandExt)) leave their target unbound, report
    /// the error through the library's log (a warning on stderr by default)
    /// and succeed. Computing calls still fail.
    pub fn fallback(mut self, enabled: bool) -> Self {
        self.fallback = Some(enabled);
        self
    }

    /// Replace the thread-affinity part of the allowed CPUs with this set
    /// (not empty: [`ErrorCode::Empty`]).
    pub fn allowed_cpus(mut self, cpus: CpuSet) -> Self {
        self.allowed_cpus = Some(cpus);
        self
    }

    /// Which GPUs are discovered.
    pub fn gpu_vendor(mut self, vendor: GpuVendor) -> Self {
        self.gpu_vendor = Some(vendor);
        self
    }

    /// Use exactly these PCI devices as the GPU list, in this order:
    /// comma-separated bus ids `"DDDD:BB:DD.F"` (malformed or repeated:
    /// [`ErrorCode::GpuSelection`]).
    pub fn pci_bus_ids(mut self, ids: impl Into<String>) -> Self {
        self.pci_bus_ids = Some(ids.into());
        self
    }

    /// Use this instead of `CUDA_VISIBLE_DEVICES` / `HIP_VISIBLE_DEVICES` /
    /// `ROCR_VISIBLE_DEVICES`: GPU indexes or UUIDs, comma-separated; `""`
    /// hides every GPU.
    pub fn visible_devices(mut self, value: impl Into<String>) -> Self {
        self.visible_devices = Some(value.into());
        self
    }

    /// The memory policy applied with a binding.
    pub fn mem_policy(mut self, policy: MemPolicy) -> Self {
        self.mem_policy = Some(policy);
        self
    }

    /// The options, or the first setting the library rejects.
    pub fn build(self) -> Result<Options> {
        let options = Options::new()?;
        let raw = options.raw.as_ptr();
        if let Some(mode) = self.mode {
            // SAFETY: raw is live and not shared yet; mode is a valid nb_mode.
            check(unsafe { sys::nb_options_set_mode(raw, mode.raw()) })?;
        }
        if let Some(enabled) = self.fallback {
            // SAFETY: raw is live and not shared yet.
            check(unsafe { sys::nb_options_set_fallback(raw, i32::from(enabled)) })?;
        }
        if let Some(cpus) = &self.allowed_cpus {
            // SAFETY: raw is live and not shared yet; the set is copied.
            check(unsafe { sys::nb_options_set_allowed_cpus(raw, cpus.as_ptr()) })?;
        }
        if let Some(vendor) = self.gpu_vendor {
            // SAFETY: raw is live and not shared yet; vendor is a valid value.
            check(unsafe { sys::nb_options_set_gpu_vendor(raw, vendor.raw()) })?;
        }
        if let Some(ids) = &self.pci_bus_ids {
            let ids = c_string(ids, ErrorCode::GpuSelection, "PCI bus id list")?;
            // SAFETY: raw is live and not shared yet; ids is a valid C string, copied.
            check(unsafe { sys::nb_options_set_pci_bus_ids(raw, ids.as_ptr()) })?;
        }
        if let Some(value) = &self.visible_devices {
            let value = c_string(value, ErrorCode::GpuSelection, "visible devices")?;
            // SAFETY: raw is live and not shared yet; value is a valid C string, copied.
            check(unsafe { sys::nb_options_set_visible_devices(raw, value.as_ptr()) })?;
        }
        if let Some(policy) = self.mem_policy {
            // SAFETY: raw is live and not shared yet; policy is a valid value.
            check(unsafe { sys::nb_options_set_mem_policy(raw, policy.raw()) })?;
        }
        Ok(options)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_variant_round_trips_through_the_c_name() {
        for &mode in Mode::ALL {
            assert_eq!(mode.name().parse::<Mode>().unwrap(), mode);
        }
        for &vendor in GpuVendor::ALL {
            assert_eq!(vendor.name().parse::<GpuVendor>().unwrap(), vendor);
        }
        for &policy in MemPolicy::ALL {
            assert_eq!(policy.name().parse::<MemPolicy>().unwrap(), policy);
        }
        // The names the header documents.
        assert_eq!(Mode::CoreComplex.name(), "core-complex");
        assert_eq!(GpuVendor::Nvidia.to_string(), "nvidia");
        assert_eq!(MemPolicy::Interleave.to_string(), "interleave");
    }
}
