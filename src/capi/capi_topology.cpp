#include "handles.h"
#include "json_export.h"
#include "gpu_discovery.h"
#include "numabind.h"

using numabind::Error;
using numabind::guard;
using numabind::options_or_defaults;
using numabind::require_arg;
using numabind::reset_out;
using numabind::Topology;

extern "C" {

nb_status nb_topology_load(nb_topology **out) {
    return guard([&] {
        reset_out(out, __func__);
        *out = new nb_topology{Topology::load_live()};
        return NB_OK;
    });
}

nb_status nb_topology_load_xml(nb_topology **out, const char *path) {
    return guard([&] {
        reset_out(out, __func__);
        require_arg(path, __func__, "path");
        *out = new nb_topology{Topology::load_xml_file(path)};
        return NB_OK;
    });
}

nb_status nb_topology_load_xml_buffer(nb_topology **out, const char *buffer, size_t len) {
    return guard([&] {
        reset_out(out, __func__);
        require_arg(buffer, __func__, "buffer");
        *out = new nb_topology{Topology::load_xml_buffer(std::string_view(buffer, len), "an XML buffer")};
        return NB_OK;
    });
}

nb_status nb_topology_load_fsroot(nb_topology **out, const char *dir) {
    return guard([&] {
        reset_out(out, __func__);
        require_arg(dir, __func__, "dir");
        *out = new nb_topology{Topology::load_fsroot(dir)};
        return NB_OK;
    });
}

void nb_topology_free(nb_topology *topology) { delete topology; }

int nb_topology_is_live(const nb_topology *topology) { return topology && topology->value->is_live() ? 1 : 0; }

nb_status nb_topology_to_json(char **out, const nb_topology *topology, const nb_options *options) {
    return guard([&] {
        reset_out(out, __func__);
        require_arg(topology, __func__, "topology");
        *out = numabind::to_c_string(numabind::topology_to_json(*topology->value, options_or_defaults(options)));
        return NB_OK;
    });
}

nb_status nb_topology_gpu_count(int *out, const nb_topology *topology, const nb_options *options) {
    return guard([&] {
        require_arg(out, __func__, "out");
        require_arg(topology, __func__, "topology");
        try {
            *out = static_cast<int>(numabind::discover_gpus(*topology->value, options_or_defaults(options)).size());
        } catch (const Error &e) {
            if (e.code() != NB_ENOGPU) throw;
            *out = 0;  // counting finds zero; it is computing a binding that fails
        }
        return NB_OK;
    });
}

}  // extern "C"
