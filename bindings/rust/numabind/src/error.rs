//! The error type: a status code of the C API and the message the library
//! gave for it, captured on the failing thread right after the call.

use std::ffi::CStr;
use std::fmt;
use std::io;

use numabind_sys as sys;

/// `std::result::Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

macro_rules! error_codes {
    ($($(#[$doc:meta])* $variant:ident = $status:ident,)*) => {
        /// What went wrong: one variant per `NB_E*` status code of the C API.
        ///
        /// The C API never reuses a code and may add new ones; a code this
        /// crate does not know (from a newer library) is [`ErrorCode::Other`].
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum ErrorCode {
            $($(#[$doc])* $variant,)*
            /// A code added to the C library after this crate was written.
            Other(i32),
        }

        impl ErrorCode {
            /// The code of a C status. `NB_OK` is not an error: a library
            /// that reports a failure with it is a bug, so it maps to `Internal`.
            pub(crate) fn from_status(status: sys::nb_status) -> ErrorCode {
                $(if status == sys::nb_status::$status { return ErrorCode::$variant; })*
                if status == sys::nb_status::NB_OK { return ErrorCode::Internal; }
                ErrorCode::Other(status.0)
            }

            /// The C status code (`NB_ERANK` is -8).
            pub fn raw(self) -> i32 {
                match self {
                    $(ErrorCode::$variant => sys::nb_status::$status.0,)*
                    ErrorCode::Other(raw) => raw,
                }
            }

            /// The C symbolic name, `"NB_ERANK"`, as the plan JSON and the
            /// conformance vectors spell it.
            pub fn name(self) -> &'static str {
                match self {
                    $(ErrorCode::$variant => stringify!($status),)*
                    // SAFETY: nb_status_name accepts any value and returns a
                    // static NUL-terminated string, never NULL.
                    ErrorCode::Other(raw) => static_text(unsafe { sys::nb_status_name(sys::nb_status(raw)) }),
                }
            }
        }
    };
}

error_codes! {
    /// `NB_EINVAL`: an argument is invalid (a NUL byte in a string, an empty argv).
    InvalidArgument = NB_EINVAL,
    /// `NB_ENOMEM`: out of memory.
    OutOfMemory = NB_ENOMEM,
    /// `NB_EMODE`: unknown binding mode, GPU vendor or memory policy name.
    Mode = NB_EMODE,
    /// `NB_ECPULIST`: malformed CPU list string.
    CpuList = NB_ECPULIST,
    /// `NB_EJSON`: malformed options JSON, a key of the wrong type or an unknown key.
    Json = NB_EJSON,
    /// `NB_ETOPOLOGY`: the topology cannot be loaded.
    Topology = NB_ETOPOLOGY,
    /// `NB_ENOGPU`: the topology holds no GPU (of the requested vendor).
    NoGpu = NB_ENOGPU,
    /// `NB_ERANK`: the local rank is not below the number of visible GPUs.
    Rank = NB_ERANK,
    /// `NB_EGPUSEL`: a visible-devices entry or PCI bus id names no GPU.
    GpuSelection = NB_EGPUSEL,
    /// `NB_ENOTALLOWED`: the GPU's CPUs are all outside the allowed CPUs.
    NotAllowed = NB_ENOTALLOWED,
    /// `NB_ECORES`: mode exclusive with fewer allowed cores on the node than GPUs.
    Cores = NB_ECORES,
    /// `NB_EEMPTY`: a CPU set that must not be empty is empty.
    Empty = NB_EEMPTY,
    /// `NB_ENONUMA`: no NUMA node with CPUs is local to the GPU.
    NoNuma = NB_ENONUMA,
    /// `NB_EINTERNAL`: a bug in numabind; the message says where.
    Internal = NB_EINTERNAL,
    /// `NB_ESTACK`: the affinity stack of the calling thread is not as required.
    Stack = NB_ESTACK,
    /// `NB_EAFFINITY`: the kernel refused the CPU affinity.
    Affinity = NB_EAFFINITY,
    /// `NB_EMEMPOLICY`: the kernel refused the memory policy.
    MemPolicy = NB_EMEMPOLICY,
    /// `NB_EEXEC`: the program cannot be executed (not found, not executable).
    Exec = NB_EEXEC,
    /// `NB_ESYSTEM`: another system call failed.
    System = NB_ESYSTEM,
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A failed numabind call: its status code, the library's message naming the
/// bad value (`nb_last_error()`), and the errno behind it when a system call
/// failed (`nb_last_os_error()`).
///
/// The C library keeps that message per thread, valid only until the next
/// failing call on the thread; this crate copies it into the `Error` on the
/// failing thread right after the call, so an `Error` can be kept, sent to
/// another thread and printed later.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    code: ErrorCode,
    message: String,
    os_error: i32,
}

impl Error {
    /// The error a C call just reported with `status`, on this thread.
    pub(crate) fn from_last_call(status: sys::nb_status) -> Error {
        // SAFETY: both read the calling thread's last-error state; the
        // message is a NUL-terminated string valid until the next failing
        // call on this thread, and it is copied before any other call.
        let (message, os_error) = unsafe { (text(sys::nb_last_error()), sys::nb_last_os_error()) };
        Error { code: ErrorCode::from_status(status), message, os_error }
    }

    /// An error found on the Rust side of the boundary (a value C cannot
    /// represent), with the code the C library gives the same mistake.
    pub(crate) fn new(code: ErrorCode, message: impl Into<String>) -> Error {
        Error { code, message: message.into(), os_error: 0 }
    }

    pub(crate) fn with_os_error(code: ErrorCode, message: impl Into<String>, os_error: i32) -> Error {
        Error { code, message: message.into(), os_error }
    }

    /// The status code.
    pub fn code(&self) -> ErrorCode {
        self.code
    }

    /// The message naming the offending value (`"unknown mode 'nod'"`).
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The errno behind the failure when a system call caused it.
    pub fn raw_os_error(&self) -> Option<i32> {
        (self.os_error != 0).then_some(self.os_error)
    }

    /// [`raw_os_error`](Self::raw_os_error) as an `io::Error`.
    pub fn os_error(&self) -> Option<io::Error> {
        self.raw_os_error().map(io::Error::from_raw_os_error)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code.name(), self.message)
    }
}

impl std::error::Error for Error {}

/// `Ok(())` for `NB_OK`, else the error the call just left on this thread.
/// Call it immediately after the C call, before any other numabind call.
pub(crate) fn check(status: sys::nb_status) -> Result<()> {
    if status == sys::nb_status::NB_OK {
        Ok(())
    } else {
        Err(Error::from_last_call(status))
    }
}

/// Copy of a NUL-terminated string the library owns (or "" for NULL).
///
/// # Safety
/// `ptr` is NULL or points to a NUL-terminated string that stays valid for
/// the duration of the call.
pub(crate) unsafe fn text(ptr: *const std::os::raw::c_char) -> String {
    if ptr.is_null() {
        return String::new();
    }
    // SAFETY: non-NULL and NUL-terminated, per this function's contract.
    unsafe { CStr::from_ptr(ptr) }.to_string_lossy().into_owned()
}

/// One of the library's static strings (names of codes and modes).
pub(crate) fn static_text(ptr: *const std::os::raw::c_char) -> &'static str {
    if ptr.is_null() {
        return "";
    }
    // SAFETY: the library's name functions return pointers to string
    // literals, NUL-terminated and alive for the whole process.
    unsafe { CStr::from_ptr(ptr) }.to_str().unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_named_code_has_the_c_librarys_name_and_number() {
        // Each C code from NB_EINVAL (-1) down to NB_ESYSTEM (-19) maps to a
        // named variant whose name the library agrees with.
        for raw in -19..=-1 {
            let code = ErrorCode::from_status(sys::nb_status(raw));
            assert!(!matches!(code, ErrorCode::Other(_)), "code {raw} has no variant");
            assert_eq!(code.raw(), raw);
            // SAFETY: nb_status_name accepts any value; static string.
            let c_name = static_text(unsafe { sys::nb_status_name(sys::nb_status(raw)) });
            assert_eq!(code.name(), c_name, "code {raw}");
        }
    }

    #[test]
    fn an_unknown_code_keeps_its_number_and_takes_the_librarys_name() {
        let code = ErrorCode::from_status(sys::nb_status(-1000));
        assert_eq!(code, ErrorCode::Other(-1000));
        assert_eq!(code.raw(), -1000);
        // SAFETY: nb_status_name accepts any value; static string.
        let c_name = static_text(unsafe { sys::nb_status_name(sys::nb_status(-1000)) });
        assert_eq!(code.name(), c_name);
        assert!(!c_name.is_empty());
    }
}
