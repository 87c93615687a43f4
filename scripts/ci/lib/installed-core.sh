# Sourced by the stages that use numabind as its users do, installed: build
# what the core tree still lacks, install it into a fresh prefix, and point
# pkg-config and the dynamic loader at it.
#   install_core_into STAGE_NAME BUILD_DIR PREFIX
# Exports PKG_CONFIG_PATH and LD_LIBRARY_PATH (prepended) and sets
# CORE_LIBDIR; fails, naming the stage, when the install holds no numabind.pc.

install_core_into() {
  local stage=$1 build_dir=$2 prefix=$3
  # `cmake --install` needs every installable target built; after the core
  # suite (and any stage that reconfigured the tree) this is a no-op or
  # builds the rest.
  cmake --build "$build_dir" -j 2
  rm -rf "$prefix"
  cmake --install "$build_dir" --prefix "$prefix" >/dev/null
  local pc_file
  pc_file=$(find "$prefix" -name numabind.pc -print -quit)
  if [[ -z "$pc_file" ]]; then
    echo "$stage: cmake --install $build_dir put no numabind.pc under $prefix" >&2
    return 1
  fi
  local pc_dir
  pc_dir=$(dirname "$pc_file")
  CORE_LIBDIR=$(dirname "$pc_dir")
  export PKG_CONFIG_PATH=$pc_dir${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}
  export LD_LIBRARY_PATH=$CORE_LIBDIR${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
}
