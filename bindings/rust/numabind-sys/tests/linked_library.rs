//! The library pkg-config linked is the one the bindings describe: its version
//! is at least the header's, and it names the status codes as the header does.

use std::ffi::CStr;

use numabind_sys::*;

fn text(ptr: *const core::ffi::c_char) -> String {
    assert!(!ptr.is_null());
    // SAFETY: the library's static strings (nb_version_string, nb_status_name)
    // are NUL-terminated and live for the whole process.
    unsafe { CStr::from_ptr(ptr) }.to_str().expect("not UTF-8").to_owned()
}

#[test]
fn linked_library_is_at_least_the_header_version_with_the_same_major() {
    // SAFETY: no arguments; returns a plain integer.
    let loaded = unsafe { nb_version_number() };
    assert!(loaded >= NB_VERSION_NUMBER, "library {loaded} is older than the header's {NB_VERSION_NUMBER}");
    assert_eq!(loaded / 10000, NB_VERSION_MAJOR, "library {loaded} has another major version than the header");
    // SAFETY: no arguments; returns a static string.
    let string = text(unsafe { nb_version_string() });
    let expected = format!("{}.{}.{}", loaded / 10000, loaded / 100 % 100, loaded % 100);
    assert_eq!(string, expected);
}

#[test]
fn library_names_every_status_constant_as_the_header_does() {
    macro_rules! names {
        ($($code:ident),* $(,)?) => {$(
            // SAFETY: nb_status_name accepts any value and returns a static string.
            assert_eq!(text(unsafe { nb_status_name(nb_status::$code) }), stringify!($code));
        )*};
    }
    names!(
        NB_OK,
        NB_EINVAL,
        NB_ENOMEM,
        NB_EMODE,
        NB_ECPULIST,
        NB_EJSON,
        NB_ETOPOLOGY,
        NB_ENOGPU,
        NB_ERANK,
        NB_EGPUSEL,
        NB_ENOTALLOWED,
        NB_ECORES,
        NB_EEMPTY,
        NB_ENONUMA,
        NB_EINTERNAL,
        NB_ESTACK,
        NB_EAFFINITY,
        NB_EMEMPOLICY,
        NB_EEXEC,
        NB_ESYSTEM,
    );
}
