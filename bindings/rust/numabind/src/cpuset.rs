//! `CpuSet`: an owned `nb_cpuset`.

use std::fmt;
use std::ptr::{self, NonNull};
use std::str::FromStr;

use numabind_sys as sys;

use crate::c_values::{c_int_of, c_string, take_string};
use crate::error::{check, Error, ErrorCode, Result};

/// A set of logical CPU numbers (OS indexes, 0 to 1,048,575), of any size.
///
/// Formats (`Display`) as the canonical list string `"0-3,8"`, parses from
/// the sysfs / numactl list syntax. `nb_cpuset` is a plain value in the C
/// API (concurrent reads are safe, a write needs exclusive access), so a
/// `CpuSet` is `Send` and `Sync`: writes take `&mut self`.
pub struct CpuSet {
    raw: NonNull<sys::nb_cpuset>,
}

// SAFETY: the header makes nb_cpuset a plain value with no tie to a thread;
// moving the owning handle to another thread is moving the value.
unsafe impl Send for CpuSet {}
// SAFETY: the header allows concurrent reads of an nb_cpuset; every method
// taking &self only reads (count, contains, next, equal, format, dup), and
// writes (add, remove) take &mut self.
unsafe impl Sync for CpuSet {}

impl CpuSet {
    /// Takes ownership of a set the library created.
    pub(crate) fn from_raw(raw: *mut sys::nb_cpuset) -> Result<CpuSet> {
        NonNull::new(raw)
            .map(|raw| CpuSet { raw })
            .ok_or_else(|| Error::new(ErrorCode::Internal, "the library returned a NULL CPU set with NB_OK"))
    }

    pub(crate) fn as_ptr(&self) -> *const sys::nb_cpuset {
        self.raw.as_ptr()
    }

    /// A new empty set.
    pub fn new() -> Result<CpuSet> {
        let mut raw = ptr::null_mut();
        // SAFETY: out points to a local; on success it receives a new set we own.
        check(unsafe { sys::nb_cpuset_new(&mut raw) })?;
        CpuSet::from_raw(raw)
    }

    /// Parses a list string: comma-separated CPU numbers and inclusive ranges
    /// (`"0-3,8,10-11"`); `""` is the empty set. Anything else (whitespace,
    /// signs, `"3-1"`, numbers above 1,048,575) is [`ErrorCode::CpuList`]
    /// with a message naming the bad item.
    pub fn parse(list: &str) -> Result<CpuSet> {
        let list = c_string(list, ErrorCode::CpuList, "CPU list")?;
        let mut raw = ptr::null_mut();
        // SAFETY: out points to a local, list is a valid C string for the call.
        check(unsafe { sys::nb_cpuset_parse(&mut raw, list.as_ptr()) })?;
        CpuSet::from_raw(raw)
    }

    /// A set of these CPUs.
    pub fn from_cpus(cpus: impl IntoIterator<Item = u32>) -> Result<CpuSet> {
        let mut set = CpuSet::new()?;
        for cpu in cpus {
            set.insert(cpu)?;
        }
        Ok(set)
    }

    /// Adds a CPU; above 1,048,575 is [`ErrorCode::InvalidArgument`].
    pub fn insert(&mut self, cpu: u32) -> Result<()> {
        let cpu = c_int_of(cpu, ErrorCode::InvalidArgument, "CPU")?;
        // SAFETY: self.raw is a live set we own exclusively (&mut self).
        check(unsafe { sys::nb_cpuset_add(self.raw.as_ptr(), cpu) })
    }

    /// Removes a CPU (absent is not an error); above 1,048,575 is
    /// [`ErrorCode::InvalidArgument`].
    pub fn remove(&mut self, cpu: u32) -> Result<()> {
        let cpu = c_int_of(cpu, ErrorCode::InvalidArgument, "CPU")?;
        // SAFETY: self.raw is a live set we own exclusively (&mut self).
        check(unsafe { sys::nb_cpuset_remove(self.raw.as_ptr(), cpu) })
    }

    /// Whether `cpu` is in the set.
    pub fn contains(&self, cpu: u32) -> bool {
        // A number above INT_MAX is above every CPU a set can hold.
        let Ok(cpu) = i32::try_from(cpu) else { return false };
        // SAFETY: self.raw is a live set; a read.
        unsafe { sys::nb_cpuset_contains(self.as_ptr(), cpu) == 1 }
    }

    /// Number of CPUs in the set.
    pub fn len(&self) -> usize {
        // SAFETY: self.raw is a live set; a read. The count is never negative.
        unsafe { sys::nb_cpuset_count(self.as_ptr()) }.max(0) as usize
    }

    /// Whether the set holds no CPU.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The CPUs in increasing order.
    pub fn iter(&self) -> Cpus<'_> {
        Cpus { set: self, prev: -1 }
    }

    /// The canonical list string (`"0-3,8"`, `""` when empty), as `Display`
    /// writes it; this form reports an allocation failure instead of panicking.
    pub fn to_list(&self) -> Result<String> {
        let mut raw = ptr::null_mut();
        // SAFETY: out points to a local; self.raw is a live set (a read).
        check(unsafe { sys::nb_cpuset_format(&mut raw, self.as_ptr()) })?;
        // SAFETY: raw is the library's string for us to nb_free, used once.
        Ok(unsafe { take_string(raw) })
    }

    /// A copy, reporting an allocation failure (`Clone` panics on one).
    pub fn try_clone(&self) -> Result<CpuSet> {
        let mut raw = ptr::null_mut();
        // SAFETY: out points to a local; self.raw is a live set (a read).
        check(unsafe { sys::nb_cpuset_dup(&mut raw, self.as_ptr()) })?;
        CpuSet::from_raw(raw)
    }
}

impl Drop for CpuSet {
    fn drop(&mut self) {
        // SAFETY: we own the set, and nothing uses it after drop.
        unsafe { sys::nb_cpuset_free(self.raw.as_ptr()) }
    }
}

impl Clone for CpuSet {
    /// Panics only when the library runs out of memory, as std's collections do.
    fn clone(&self) -> CpuSet {
        self.try_clone().unwrap_or_else(|e| panic!("numabind: cannot copy a CPU set: {e}"))
    }
}

impl PartialEq for CpuSet {
    fn eq(&self, other: &CpuSet) -> bool {
        // SAFETY: both are live sets; reads.
        unsafe { sys::nb_cpuset_equal(self.as_ptr(), other.as_ptr()) == 1 }
    }
}

impl Eq for CpuSet {}

impl FromStr for CpuSet {
    type Err = Error;
    fn from_str(list: &str) -> Result<CpuSet> {
        CpuSet::parse(list)
    }
}

impl fmt::Display for CpuSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_list().map_err(|_| fmt::Error)?)
    }
}

impl fmt::Debug for CpuSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.to_list() {
            Ok(list) => write!(f, "CpuSet({list:?})"),
            Err(e) => write!(f, "CpuSet(<{e}>)"),
        }
    }
}

impl<'a> IntoIterator for &'a CpuSet {
    type Item = u32;
    type IntoIter = Cpus<'a>;
    fn into_iter(self) -> Cpus<'a> {
        self.iter()
    }
}

/// Iterator over the CPUs of a [`CpuSet`], in increasing order.
#[derive(Debug, Clone)]
pub struct Cpus<'a> {
    set: &'a CpuSet,
    prev: i32,
}

impl Iterator for Cpus<'_> {
    type Item = u32;
    fn next(&mut self) -> Option<u32> {
        if self.prev == -2 {
            return None;
        }
        // SAFETY: the set is live for 'a; a read.
        let next = unsafe { sys::nb_cpuset_next(self.set.as_ptr(), self.prev) };
        if next < 0 {
            self.prev = -2; // done: do not ask again from -1
            return None;
        }
        self.prev = next;
        Some(next as u32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_formats_and_iterates_a_list() {
        let set = CpuSet::parse("8,0-3,10-11").unwrap();
        assert_eq!(set.to_string(), "0-3,8,10-11");
        assert_eq!(set.iter().collect::<Vec<_>>(), [0, 1, 2, 3, 8, 10, 11]);
        assert_eq!(set.len(), 7);
        assert!(set.contains(8) && !set.contains(9) && !set.contains(u32::MAX));
    }

    #[test]
    fn empty_set_formats_as_empty_string_and_iterates_nothing() {
        let set = CpuSet::parse("").unwrap();
        assert!(set.is_empty());
        assert_eq!(set.to_string(), "");
        assert_eq!(set.iter().next(), None);
        assert_eq!(set, CpuSet::new().unwrap());
    }

    #[test]
    fn insert_remove_clone_and_equality() {
        let mut set = CpuSet::from_cpus([5, 1, 2]).unwrap();
        let copy = set.clone();
        set.remove(2).unwrap();
        set.insert(1_048_575).unwrap();
        assert_eq!(set.to_string(), "1,5,1048575");
        assert_eq!(copy.to_string(), "1-2,5");
        assert_ne!(set, copy);
        assert_eq!(copy, CpuSet::parse("1,2,5").unwrap());
    }

    #[test]
    fn cpu_numbers_out_of_range_are_invalid_argument_naming_the_number() {
        let mut set = CpuSet::new().unwrap();
        let error = set.insert(1_048_576).unwrap_err();
        assert_eq!(error.code(), ErrorCode::InvalidArgument);
        assert!(error.message().contains("1048576"), "{error}");
        let error = set.insert(u32::MAX).unwrap_err();
        assert_eq!(error.code(), ErrorCode::InvalidArgument);
        assert!(error.message().contains("4294967295"), "{error}");
        assert!(set.is_empty());
    }
}
