#include "handles.h"
#include "numabind.h"

using numabind::guard;
using numabind::Options;
using numabind::raw_enum_value;
using numabind::require_arg;
using numabind::reset_out;

extern "C" {

nb_status nb_mode_parse(nb_mode *out, const char *name) {
    return guard([&, fn = __func__] {
        require_arg(out, fn, "out");
        require_arg(name, fn, "name");
        *out = numabind::parse_mode(name);
        return NB_OK;
    });
}

const char *nb_mode_name(nb_mode mode) { return numabind::mode_name(raw_enum_value(mode)); }

nb_status nb_gpu_vendor_parse(nb_gpu_vendor *out, const char *name) {
    return guard([&, fn = __func__] {
        require_arg(out, fn, "out");
        require_arg(name, fn, "name");
        *out = numabind::parse_gpu_vendor(name);
        return NB_OK;
    });
}

const char *nb_gpu_vendor_name(nb_gpu_vendor vendor) { return numabind::gpu_vendor_name(raw_enum_value(vendor)); }

nb_status nb_mem_policy_parse(nb_mem_policy *out, const char *name) {
    return guard([&, fn = __func__] {
        require_arg(out, fn, "out");
        require_arg(name, fn, "name");
        *out = numabind::parse_mem_policy(name);
        return NB_OK;
    });
}

const char *nb_mem_policy_name(nb_mem_policy policy) { return numabind::mem_policy_name(raw_enum_value(policy)); }

nb_status nb_options_new(nb_options **out) {
    return guard([&, fn = __func__] {
        reset_out(out, fn);
        *out = new nb_options{Options()};
        return NB_OK;
    });
}

nb_status nb_options_dup(nb_options **out, const nb_options *options) {
    return guard([&, fn = __func__] {
        reset_out(out, fn);
        require_arg(options, fn, "options");
        *out = new nb_options{options->value};
        return NB_OK;
    });
}

void nb_options_free(nb_options *options) { delete options; }

nb_status nb_options_set_mode(nb_options *options, nb_mode mode) {
    return guard([&, fn = __func__] {
        require_arg(options, fn, "options");
        numabind::set_mode(options->value, raw_enum_value(mode));
        return NB_OK;
    });
}

nb_status nb_options_get_mode(nb_mode *out, const nb_options *options) {
    return guard([&, fn = __func__] {
        require_arg(out, fn, "out");
        require_arg(options, fn, "options");
        *out = options->value.mode;
        return NB_OK;
    });
}

nb_status nb_options_set_fallback(nb_options *options, int enabled) {
    return guard([&, fn = __func__] {
        require_arg(options, fn, "options");
        options->value.fallback = enabled != 0;
        return NB_OK;
    });
}

nb_status nb_options_get_fallback(int *out, const nb_options *options) {
    return guard([&, fn = __func__] {
        require_arg(out, fn, "out");
        require_arg(options, fn, "options");
        *out = options->value.fallback ? 1 : 0;
        return NB_OK;
    });
}

nb_status nb_options_set_allowed_cpus(nb_options *options, const nb_cpuset *cpus) {
    return guard([&, fn = __func__] {
        require_arg(options, fn, "options");
        numabind::set_allowed_cpus(options->value,
                                   cpus ? std::optional<numabind::CpuSet>(cpus->value) : std::nullopt);
        return NB_OK;
    });
}

nb_status nb_options_get_allowed_cpus(nb_cpuset **out, const nb_options *options) {
    return guard([&, fn = __func__] {
        reset_out(out, fn);
        require_arg(options, fn, "options");
        if (options->value.allowed_cpus) *out = new nb_cpuset{*options->value.allowed_cpus};
        return NB_OK;
    });
}

nb_status nb_options_set_gpu_vendor(nb_options *options, nb_gpu_vendor vendor) {
    return guard([&, fn = __func__] {
        require_arg(options, fn, "options");
        numabind::set_gpu_vendor(options->value, raw_enum_value(vendor));
        return NB_OK;
    });
}

nb_status nb_options_get_gpu_vendor(nb_gpu_vendor *out, const nb_options *options) {
    return guard([&, fn = __func__] {
        require_arg(out, fn, "out");
        require_arg(options, fn, "options");
        *out = options->value.gpu_vendor;
        return NB_OK;
    });
}

nb_status nb_options_set_pci_bus_ids(nb_options *options, const char *ids) {
    return guard([&, fn = __func__] {
        require_arg(options, fn, "options");
        if (ids == nullptr || *ids == '\0') options->value.pci_bus_ids.reset();
        else options->value.pci_bus_ids = numabind::parse_pci_bus_id_list(ids);
        return NB_OK;
    });
}

nb_status nb_options_get_pci_bus_ids(char **out, const nb_options *options) {
    return guard([&, fn = __func__] {
        reset_out(out, fn);
        require_arg(options, fn, "options");
        if (options->value.pci_bus_ids)
            *out = numabind::to_c_string(numabind::format_pci_bus_id_list(*options->value.pci_bus_ids));
        return NB_OK;
    });
}

nb_status nb_options_set_visible_devices(nb_options *options, const char *value) {
    return guard([&, fn = __func__] {
        require_arg(options, fn, "options");
        numabind::set_visible_devices(options->value,
                                      value ? std::optional<std::string>(value) : std::nullopt);
        return NB_OK;
    });
}

nb_status nb_options_get_visible_devices(char **out, const nb_options *options) {
    return guard([&, fn = __func__] {
        reset_out(out, fn);
        require_arg(options, fn, "options");
        if (options->value.visible_devices) *out = numabind::to_c_string(*options->value.visible_devices);
        return NB_OK;
    });
}

nb_status nb_options_set_mem_policy(nb_options *options, nb_mem_policy policy) {
    return guard([&, fn = __func__] {
        require_arg(options, fn, "options");
        numabind::set_mem_policy(options->value, raw_enum_value(policy));
        return NB_OK;
    });
}

nb_status nb_options_get_mem_policy(nb_mem_policy *out, const nb_options *options) {
    return guard([&, fn = __func__] {
        require_arg(out, fn, "out");
        require_arg(options, fn, "options");
        *out = options->value.mem_policy;
        return NB_OK;
    });
}

nb_status nb_options_to_json(char **out, const nb_options *options) {
    return guard([&, fn = __func__] {
        reset_out(out, fn);
        require_arg(options, fn, "options");
        *out = numabind::to_c_string(numabind::options_to_json(options->value));
        return NB_OK;
    });
}

nb_status nb_options_from_json(nb_options **out, const char *json) {
    return guard([&, fn = __func__] {
        reset_out(out, fn);
        require_arg(json, fn, "json");
        *out = new nb_options{numabind::options_from_json(json)};
        return NB_OK;
    });
}

}  // extern "C"
