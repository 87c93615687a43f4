#include "handles.h"
#include "numabind.h"

using numabind::CpuSet;
using numabind::Error;
using numabind::guard;
using numabind::require_arg;
using numabind::reset_out;

namespace {

unsigned checked_cpu(int cpu, const char *function) {
    if (cpu < 0 || cpu > NB_CPUSET_MAX_CPU)
        throw Error(NB_EINVAL, std::string(function) + ": CPU " + std::to_string(cpu) + " is not in 0-" +
                                   std::to_string(NB_CPUSET_MAX_CPU));
    return static_cast<unsigned>(cpu);
}

}  // namespace

extern "C" {

nb_status nb_cpuset_new(nb_cpuset **out) {
    return guard([&, fn = __func__] {
        reset_out(out, fn);
        *out = new nb_cpuset{CpuSet()};
        return NB_OK;
    });
}

nb_status nb_cpuset_parse(nb_cpuset **out, const char *list) {
    return guard([&, fn = __func__] {
        reset_out(out, fn);
        require_arg(list, fn, "list");
        *out = new nb_cpuset{CpuSet::parse(list)};
        return NB_OK;
    });
}

nb_status nb_cpuset_dup(nb_cpuset **out, const nb_cpuset *set) {
    return guard([&, fn = __func__] {
        reset_out(out, fn);
        require_arg(set, fn, "set");
        *out = new nb_cpuset{set->value};
        return NB_OK;
    });
}

void nb_cpuset_free(nb_cpuset *set) { delete set; }

nb_status nb_cpuset_format(char **out, const nb_cpuset *set) {
    return guard([&, fn = __func__] {
        reset_out(out, fn);
        require_arg(set, fn, "set");
        *out = numabind::to_c_string(set->value.format());
        return NB_OK;
    });
}

nb_status nb_cpuset_add(nb_cpuset *set, int cpu) {
    return guard([&, fn = __func__] {
        require_arg(set, fn, "set");
        set->value.add(checked_cpu(cpu, fn));
        return NB_OK;
    });
}

nb_status nb_cpuset_remove(nb_cpuset *set, int cpu) {
    return guard([&, fn = __func__] {
        require_arg(set, fn, "set");
        set->value.remove(checked_cpu(cpu, fn));
        return NB_OK;
    });
}

int nb_cpuset_count(const nb_cpuset *set) { return set ? set->value.count() : 0; }

int nb_cpuset_contains(const nb_cpuset *set, int cpu) {
    return set && cpu >= 0 && set->value.contains(static_cast<unsigned>(cpu)) ? 1 : 0;
}

int nb_cpuset_next(const nb_cpuset *set, int prev) {
    if (set == nullptr) return -1;
    return set->value.next(prev < -1 ? -1 : prev);
}

int nb_cpuset_equal(const nb_cpuset *a, const nb_cpuset *b) {
    if (a == nullptr || b == nullptr) return a == b ? 1 : 0;
    return a->value == b->value ? 1 : 0;
}

}  // extern "C"
