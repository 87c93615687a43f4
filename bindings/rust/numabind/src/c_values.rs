//! Conversions of argument and result values across the C boundary.

use std::ffi::{CString, OsStr};
use std::os::raw::{c_char, c_int};
use std::os::unix::ffi::OsStrExt;

use numabind_sys as sys;

use crate::error::{text, Error, ErrorCode, Result};

/// `value` as a C string; a NUL byte inside is an error with `code`, naming `what`.
pub(crate) fn c_string(value: impl AsRef<OsStr>, code: ErrorCode, what: &str) -> Result<CString> {
    let value = value.as_ref();
    CString::new(value.as_bytes())
        .map_err(|e| Error::new(code, format!("{what} {value:?} holds a NUL byte at offset {}", e.nul_position())))
}

/// `value` as a C int; above `INT_MAX` is an error with `code`, naming `what`,
/// as the C library reports a value out of its range.
pub(crate) fn c_int_of(value: u32, code: ErrorCode, what: &str) -> Result<c_int> {
    c_int::try_from(value).map_err(|_| Error::new(code, format!("{what} {value} is above INT_MAX ({})", c_int::MAX)))
}

/// A copy of a string the library allocated for the caller, which is then
/// released with `nb_free`.
///
/// # Safety
/// `ptr` is NULL or a NUL-terminated string the library returned to the
/// caller to free, not used afterwards.
pub(crate) unsafe fn take_string(ptr: *mut c_char) -> String {
    // SAFETY: per this function's contract, ptr is NULL or a valid string.
    let copy = unsafe { text(ptr) };
    // SAFETY: ptr came from the library, which frees it with nb_free; NULL is
    // a no-op. Nothing uses it afterwards.
    unsafe { sys::nb_free(ptr.cast()) };
    copy
}
