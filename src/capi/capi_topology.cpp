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
    return guard([&, fn = __func__] {
        reset_out(out, fn);
        *out = new nb_topology{Topology::load_live()};
        return NB_OK;
    });
}

nb_status nb_topology_load_xml(nb_topology **out, const char *path) {
    return guard([&, fn = __func__] {
        reset_out(out, fn);
        require_arg(path, fn, "path");
        *out = new nb_topology{Topology::load_xml_file(path)};
        return NB_OK;
    });
}

nb_status nb_topology_load_xml_buffer(nb_topology **out, const char *buffer, size_t len) {
    return guard([&, fn = __func__] {
        reset_out(out, fn);
        require_arg(buffer, fn, "buffer");
        *out = new nb_topology{Topology::load_xml_buffer(std::string_view(buffer, len), "an XML buffer")};
        return NB_OK;
    });
}

nb_status nb_topology_load_fsroot(nb_topology **out, const char *dir) {
    return guard([&, fn = __func__] {
        reset_out(out, fn);
        require_arg(dir, fn, "dir");
        *out = new nb_topology{Topology::load_fsroot(dir)};
        return NB_OK;
    });
}

void nb_topology_free(nb_topology *topology) { delete topology; }

int nb_topology_is_live(const nb_topology *topology) { return topology && topology->value->is_live() ? 1 : 0; }

nb_status nb_topology_to_json(char **out, const nb_topology *topology, const nb_options *options) {
    return guard([&, fn = __func__] {
        reset_out(out, fn);
        require_arg(topology, fn, "topology");
        *out = numabind::to_c_string(numabind::topology_to_json(*topology->value, options_or_defaults(options)));
        return NB_OK;
    });
}

nb_status nb_topology_gpu_count(int *out, const nb_topology *topology, const nb_options *options) {
    return guard([&, fn = __func__] {
        require_arg(out, fn, "out");
        require_arg(topology, fn, "topology");
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
