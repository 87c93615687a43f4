#include "topology_source.h"

#include <sys/stat.h>

#include "errors.h"

namespace nbcli {

FlagSpec topology_flag() {
    return {"--topology", "FILE|DIR",
            "hwloc XML file, or directory holding a sysfs capture (sys/, proc/); "
            "default: this machine, or $NUMABIND_TOPOLOGY"};
}

void check_topology_flag(const ParsedArgs &args) {
    const auto path = args.value("--topology");
    if (path && path->empty()) {
        throw UsageError("option --topology needs a file or directory, not ''");
    }
}

TopologyPtr load_topology(const ParsedArgs &args) {
    check_topology_flag(args);
    const auto path = args.value("--topology");
    nb_topology *raw = nullptr;
    nb_status status;
    struct stat info {};
    if (!path) {
        status = nb_topology_load(&raw);
    } else if (stat(path->c_str(), &info) == 0 && S_ISDIR(info.st_mode)) {
        status = nb_topology_load_fsroot(&raw, path->c_str());
    } else {
        // Missing and unreadable files are reported by the XML loader.
        status = nb_topology_load_xml(&raw, path->c_str());
    }
    if (status != NB_OK) {
        throw RuntimeFailure(library_message(status));
    }
    return TopologyPtr(raw);
}

}  // namespace nbcli
