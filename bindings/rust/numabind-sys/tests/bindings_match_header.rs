//! The committed src/bindings.rs must be exactly what bindgen makes of
//! include/numabind.h today, so the header and the crate cannot drift apart.
//!
//! On a difference the test fails and prints a unified diff. After a deliberate
//! header change, rewrite the file with
//!     NUMABIND_SYS_UPDATE_BINDINGS=1 cargo test -p numabind-sys --test bindings_match_header
//! and commit it. The configuration below is the only description of how the
//! bindings are made.

use std::env;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use bindgen::callbacks::{EnumVariantCustomBehavior, EnumVariantValue, ParseCallbacks};

/// Leaves out the header's `*_FORCE_INT` enum sentinels (see src/lib.rs).
#[derive(Debug)]
struct OmitForceIntSentinels;

impl ParseCallbacks for OmitForceIntSentinels {
    fn enum_variant_behavior(
        &self,
        _enum_name: Option<&str>,
        variant_name: &str,
        _value: EnumVariantValue,
    ) -> Option<EnumVariantCustomBehavior> {
        variant_name.ends_with("_FORCE_INT").then_some(EnumVariantCustomBehavior::Hide)
    }
}

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn header() -> PathBuf {
    let header = manifest_dir().join("../../../include/numabind.h");
    header.canonicalize().unwrap_or(header)
}

fn generate(header: &Path) -> String {
    bindgen::Builder::default()
        .header(header.to_str().expect("header path is not UTF-8"))
        .allowlist_function("nb_.*")
        .allowlist_type("nb_.*")
        .allowlist_var("NB_.*")
        .newtype_enum("nb_.*")
        .parse_callbacks(Box::new(OmitForceIntSentinels))
        .use_core()
        .layout_tests(true)
        .merge_extern_blocks(true)
        // prettyplease is a crate pinned by Cargo.lock, unlike whichever
        // rustfmt the machine has, so the output is the same everywhere.
        .formatter(bindgen::Formatter::Prettyplease)
        .generate()
        .unwrap_or_else(|e| panic!("bindgen failed on {}: {e}", header.display()))
        .to_string()
}

/// `diff -u` of the two texts, or the first differing line where diff is missing.
fn describe_difference(committed: &Path, generated: &str) -> String {
    let fresh = env::temp_dir().join(format!("numabind-sys-bindings-{}.rs", std::process::id()));
    fs::write(&fresh, generated).expect("cannot write the regenerated bindings to a temporary file");
    let diff = Command::new("diff").arg("-u").arg(committed).arg(&fresh).output();
    let _ = fs::remove_file(&fresh);
    if let Ok(output) = diff {
        return String::from_utf8_lossy(&output.stdout).into_owned();
    }
    let old = fs::read_to_string(committed).unwrap_or_default();
    let line = old
        .lines()
        .zip(generated.lines())
        .position(|(a, b)| a != b)
        .unwrap_or_else(|| old.lines().count().min(generated.lines().count()));
    format!(
        "first difference at line {}:\n- {}\n+ {}",
        line + 1,
        old.lines().nth(line).unwrap_or("<end of file>"),
        generated.lines().nth(line).unwrap_or("<end of file>")
    )
}

#[test]
fn committed_bindings_are_what_bindgen_makes_of_the_header() {
    let header = header();
    assert!(header.is_file(), "no header at {}", header.display());
    let generated = generate(&header);
    let committed = manifest_dir().join("src/bindings.rs");

    if env::var_os("NUMABIND_SYS_UPDATE_BINDINGS").is_some() {
        fs::write(&committed, &generated).expect("cannot rewrite src/bindings.rs");
        return;
    }
    let current = fs::read_to_string(&committed).unwrap_or_default();
    if current != generated {
        panic!(
            "src/bindings.rs differs from bindgen's output for {}:\n{}\n\
             If the header change is deliberate, run\n  \
             NUMABIND_SYS_UPDATE_BINDINGS=1 cargo test -p numabind-sys --test bindings_match_header\n\
             and commit src/bindings.rs.",
            header.display(),
            describe_difference(&committed, &generated)
        );
    }
}
