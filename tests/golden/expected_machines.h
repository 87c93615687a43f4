// What each topology of the shared collection holds, written by hand from
// ../shared/topologies/INDEX.md ("GPUs -> local NUMA" lines) and the reports:
// the GPUs numabind should discover (vendor auto) in PCI bus-id order, each
// with its host NUMA node, and for some machines an explicit bus-id list.
#ifndef NUMABIND_TESTS_GOLDEN_EXPECTED_MACHINES_H
#define NUMABIND_TESTS_GOLDEN_EXPECTED_MACHINES_H

#include <iosfwd>
#include <string>
#include <vector>

namespace golden {

struct ExpectedGpu {
    std::string pci_bus_id;  ///< canonical "dddd:bb:dd.f"
    int numa_node;           ///< OS index of the host NUMA node
};

struct ExpectedMachine {
    std::string path;               ///< collection path, "xml/….xml"
    std::vector<ExpectedGpu> gpus;  ///< vendor auto, PCI bus-id order; empty: NB_ENOGPU
    /// Optional: an nb_options_set_pci_bus_ids list and the GPUs it must give,
    /// in the order given (machines whose GPUs discovery cannot or must not see).
    std::string explicit_bus_ids;
    std::vector<ExpectedGpu> explicit_gpus;
};

/// Every file of the collection (xml/, xml-v1/, xml-from-fsroot/), 54 entries.
const std::vector<ExpectedMachine> &expected_machines();

/// Test names print the path, not the bytes.
void PrintTo(const ExpectedMachine &machine, std::ostream *os);

/// The entry for a collection path, or nullptr.
const ExpectedMachine *find_expected_machine(const std::string &path);

}  // namespace golden

#endif
