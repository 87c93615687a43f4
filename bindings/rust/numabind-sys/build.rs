//! Links the numabind C library found through pkg-config, refusing one older
//! than the header the committed bindings were generated from.
//!
//! The version is read from src/bindings.rs (bindgen's NB_VERSION_* constants)
//! rather than written here a second time, so regenerating the bindings from a
//! newer header raises the requirement with them.

use std::fs;

fn header_version(bindings: &str) -> Result<String, String> {
    let component = |name: &str| -> Result<u32, String> {
        let prefix = format!("pub const {name}: u32 = ");
        bindings
            .lines()
            .find_map(|line| line.trim().strip_prefix(prefix.as_str()))
            .and_then(|rest| rest.strip_suffix(';'))
            .ok_or_else(|| format!("src/bindings.rs has no `{prefix}N;` line"))?
            .parse()
            .map_err(|e| format!("src/bindings.rs: {name} is not a number: {e}"))
    };
    Ok(format!(
        "{}.{}.{}",
        component("NB_VERSION_MAJOR")?,
        component("NB_VERSION_MINOR")?,
        component("NB_VERSION_PATCH")?
    ))
}

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=src/bindings.rs");

    let bindings = fs::read_to_string("src/bindings.rs").expect("numabind-sys: cannot read src/bindings.rs");
    let version = header_version(&bindings).unwrap_or_else(|e| panic!("numabind-sys: {e}"));

    // pkg-config's own rerun-if-env-changed lines cover PKG_CONFIG_PATH.
    if let Err(error) = pkg_config::Config::new().atleast_version(&version).probe("numabind") {
        panic!(
            "numabind-sys: the numabind C library >= {version} was not found through pkg-config.\n\
             Install it (cmake --install <build> --prefix <dir>) and set \
             PKG_CONFIG_PATH=<dir>/<libdir>/pkgconfig.\n{error}"
        );
    }
}
