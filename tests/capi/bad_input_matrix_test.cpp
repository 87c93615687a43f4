// The bad-input matrix: every kind of bad input the C API can be handed, one
// row each, with the status the call must return and the value its message
// must name. After every row the calling thread's CPU affinity and affinity
// stack are what they were, no child process is left behind, and a pointer
// out-parameter is NULL. Leaks are caught by running this suite under
// AddressSanitizer (scripts/ci/hardening.sh); a crash or abort fails the row.
//
// Other suites test these paths in depth (null_handling_test, options_test,
// tests/policy, tests/process); this is the one place that lists them all.
#include <climits>
#include <string>

#include <gtest/gtest.h>

#include "bad_input_support.h"
#include "c_enum_values.h"
#include "synthetic_topology.h"

namespace capi {
namespace bad_input {
namespace {

struct Row {
    const char *why;
    Result (*call)(const Inputs &);
    nb_status status;
    const char *names;  ///< what nb_last_error() must contain
};

// A program that exists everywhere: a row that should fail but spawns
// anyway has a child to reap, not a hang.
const char *const kTrue[] = {"true", nullptr};

// ---- NULL where a value is required ------------------------------------------
const Row kNullRows[] = {
    {"cpuset_parse_null_list", [](const Inputs &) { return parse_cpu_list(nullptr); }, NB_EINVAL, "list"},
    {"options_from_json_null", [](const Inputs &) { return parse_options(nullptr); }, NB_EINVAL, "json"},
    {"load_xml_null_path", [](const Inputs &) { return load_xml_file(nullptr); }, NB_EINVAL, "path"},
    {"load_xml_buffer_null",
     [](const Inputs &) {
         nb_topology *out = reinterpret_cast<nb_topology *>(0x1);
         const nb_status status = nb_topology_load_xml_buffer(&out, nullptr, 10);
         return Result{status, out ? Result::Out::kSet : Result::Out::kNull};
     },
     NB_EINVAL, "buffer"},
    {"load_fsroot_null_dir", [](const Inputs &) { return load_fsroot(nullptr); }, NB_EINVAL, "dir"},
    {"compute_null_topology", [](const Inputs &) { return compute(nullptr, nullptr, 0); }, NB_EINVAL, "topology"},
    {"plan_null_out", [](const Inputs &in) { return plain(nb_plan_compute(nullptr, in.g4dn.get(), nullptr, 0)); },
     NB_EINVAL, "out"},
    {"plan_rank_gpu_null_node",
     [](const Inputs &in) {
         int gpu = -1;
         return plain(nb_plan_rank_gpu(&gpu, nullptr, in.g4dn_plan.get(), 0));
     },
     NB_EINVAL, "numa_node"},
    {"local_rank_null_out", [](const Inputs &) { return plain(nb_local_rank_from_environment(nullptr)); }, NB_EINVAL,
     "out"},
    {"push_null_cpus", [](const Inputs &) { return plain(nb_affinity_push(nullptr, nullptr)); }, NB_EINVAL, "cpus"},
    {"push_rank_null_topology", [](const Inputs &) { return plain(nb_affinity_push_rank(nullptr, nullptr, 0)); },
     NB_EINVAL, "topology"},
    {"bind_process_null_cpus", [](const Inputs &) { return plain(nb_bind_current_process(nullptr, nullptr)); },
     NB_EINVAL, "cpus"},
    {"bind_process_rank_null_topology",
     [](const Inputs &) { return plain(nb_bind_current_process_rank(nullptr, nullptr, 0)); }, NB_EINVAL, "topology"},
    {"spawn_null_pid",
     [](const Inputs &in) { return plain(nb_spawn(nullptr, kTrue, nullptr, nullptr, in.absent_cpu.get(), nullptr)); },
     NB_EINVAL, "pid"},
    {"spawn_null_argv", [](const Inputs &in) { return spawn(nullptr, nullptr, in.absent_cpu.get()); }, NB_EINVAL,
     "argv"},
    {"spawn_argv_without_program",
     [](const Inputs &in) {
         const char *const argv[] = {nullptr};
         return spawn(argv, nullptr, in.absent_cpu.get());
     },
     NB_EINVAL, "argv"},
    {"spawn_null_cpus", [](const Inputs &) { return spawn(kTrue, nullptr, nullptr); }, NB_EINVAL, "cpus"},
    {"spawn_rank_null_topology", [](const Inputs &) { return spawn_rank(kTrue, nullptr, nullptr, 0); }, NB_EINVAL,
     "topology"},
};

// ---- empty strings and empty sets ------------------------------------------------
const Row kEmptyRows[] = {
    {"mode_parse_empty",
     [](const Inputs &) {
         nb_mode mode = NB_MODE_SOCKET;
         return plain(nb_mode_parse(&mode, ""));
     },
     NB_EMODE, "''"},
    {"vendor_parse_empty",
     [](const Inputs &) {
         nb_gpu_vendor vendor = NB_GPU_VENDOR_AMD;
         return plain(nb_gpu_vendor_parse(&vendor, ""));
     },
     NB_EMODE, "''"},
    {"mem_policy_parse_empty",
     [](const Inputs &) {
         nb_mem_policy policy = NB_MEM_POLICY_BIND;
         return plain(nb_mem_policy_parse(&policy, ""));
     },
     NB_EMODE, "''"},
    {"options_from_json_empty", [](const Inputs &) { return parse_options(""); }, NB_EJSON, "malformed"},
    {"load_xml_buffer_empty", [](const Inputs &) { return load_xml_buffer(""); }, NB_ETOPOLOGY, "XML buffer"},
    {"load_xml_empty_path", [](const Inputs &) { return load_xml_file(""); }, NB_ETOPOLOGY, "''"},
    {"load_fsroot_empty_dir", [](const Inputs &) { return load_fsroot(""); }, NB_ETOPOLOGY, "''"},
    {"allowed_cpus_empty_set",
     [](const Inputs &in) { return plain(nb_options_set_allowed_cpus(options_from("{}").get(), in.empty.get())); },
     NB_EEMPTY, "empty"},
    {"push_empty_set", [](const Inputs &in) { return plain(nb_affinity_push(in.empty.get(), nullptr)); }, NB_EEMPTY,
     "empty"},
    {"bind_process_empty_set", [](const Inputs &in) { return plain(nb_bind_current_process(in.empty.get(), nullptr)); },
     NB_EEMPTY, "empty"},
    {"spawn_empty_set", [](const Inputs &in) { return spawn(kTrue, nullptr, in.empty.get()); }, NB_EEMPTY, "empty"},
    {"spawn_empty_program_name",
     [](const Inputs &in) {
         const char *const argv[] = {"", nullptr};
         return spawn(argv, nullptr, in.absent_cpu.get());
     },
     NB_EEXEC, "''"},
    {"visible_devices_empty_hides_every_gpu",
     [](const Inputs &in) { return compute(in.g4dn.get(), options_from(R"({"visible_devices":""})").get(), 0); },
     NB_ENOGPU, "visible_devices is ''"},
    {"pci_bus_ids_empty_item",
     [](const Inputs &) { return plain(nb_options_set_pci_bus_ids(options_from("{}").get(), "0000:4e:00.0,")); },
     NB_EGPUSEL, "''"},
    {"local_rank_empty", [](const Inputs &) { return local_rank_with("LOCAL_RANK", ""); }, NB_ERANK, "LOCAL_RANK=''"},
};

// ---- ranks: huge, negative, and from the environment ------------------------------
const Row kRankRows[] = {
    {"compute_rank_int_max", [](const Inputs &in) { return compute(in.g4dn.get(), nullptr, INT_MAX); }, NB_ERANK,
     "local rank 2147483647"},
    {"compute_rank_past_the_gpus", [](const Inputs &in) { return compute(in.g4dn.get(), nullptr, 8); }, NB_ERANK,
     "local rank 8"},
    {"compute_rank_minus_one", [](const Inputs &in) { return compute(in.g4dn.get(), nullptr, -1); }, NB_ERANK,
     "local rank -1"},
    {"compute_rank_int_min", [](const Inputs &in) { return compute(in.g4dn.get(), nullptr, INT_MIN); }, NB_ERANK,
     "local rank -2147483648"},
    {"plan_nproc_minus_one", [](const Inputs &in) { return plan(in.g4dn.get(), nullptr, -1); }, NB_EINVAL, "-1"},
    {"plan_nproc_int_min", [](const Inputs &in) { return plan(in.g4dn.get(), nullptr, INT_MIN); }, NB_EINVAL,
     "-2147483648"},
    {"plan_nproc_int_max", [](const Inputs &in) { return plan(in.g4dn.get(), nullptr, INT_MAX); }, NB_EINVAL,
     "nproc 2147483647"},
    {"plan_nproc_one_over_limit", [](const Inputs &in) { return plan(in.g4dn.get(), nullptr, 65537); }, NB_EINVAL,
     "nproc 65537"},
    {"plan_rank_status_int_max", [](const Inputs &in) { return plain(nb_plan_rank_status(in.g4dn_plan.get(), INT_MAX)); },
     NB_ERANK, "2147483647"},
    {"plan_rank_cpuset_minus_one",
     [](const Inputs &in) {
         nb_cpuset *out = reinterpret_cast<nb_cpuset *>(0x1);
         const nb_status status = nb_plan_rank_cpuset(&out, in.g4dn_plan.get(), -1);
         return Result{status, out ? Result::Out::kSet : Result::Out::kNull};
     },
     NB_ERANK, "rank -1"},
    {"plan_rank_gpu_int_min",
     [](const Inputs &in) {
         int gpu = -1, node = -1;
         return plain(nb_plan_rank_gpu(&gpu, &node, in.g4dn_plan.get(), INT_MIN));
     },
     NB_ERANK, "rank -2147483648"},
    {"push_rank_int_max", [](const Inputs &in) { return plain(nb_affinity_push_rank(in.g4dn.get(), nullptr, INT_MAX)); },
     NB_ERANK, "local rank 2147483647"},
    {"push_rank_minus_one", [](const Inputs &in) { return plain(nb_affinity_push_rank(in.g4dn.get(), nullptr, -1)); },
     NB_ERANK, "local rank -1"},
    {"spawn_rank_int_max", [](const Inputs &in) { return spawn_rank(kTrue, in.g4dn.get(), nullptr, INT_MAX); },
     NB_ERANK, "local rank 2147483647"},
    {"spawn_rank_minus_one", [](const Inputs &in) { return spawn_rank(kTrue, in.g4dn.get(), nullptr, -1); }, NB_ERANK,
     "local rank -1"},
    {"bind_process_rank_int_min",
     [](const Inputs &in) { return plain(nb_bind_current_process_rank(in.g4dn.get(), nullptr, INT_MIN)); }, NB_ERANK,
     "local rank -2147483648"},
    {"local_rank_minus_one", [](const Inputs &) { return local_rank_with("LOCAL_RANK", "-1"); }, NB_ERANK,
     "LOCAL_RANK='-1'"},
    {"local_rank_past_int_max", [](const Inputs &) { return local_rank_with("LOCAL_RANK", "2147483648"); }, NB_ERANK,
     "'2147483648'"},
    {"local_rank_twenty_digits", [](const Inputs &) { return local_rank_with("SLURM_LOCALID", "99999999999999999999"); },
     NB_ERANK, "SLURM_LOCALID='99999999999999999999'"},
    {"local_rank_with_a_space", [](const Inputs &) { return local_rank_with("OMPI_COMM_WORLD_LOCAL_RANK", " 1"); },
     NB_ERANK, "OMPI_COMM_WORLD_LOCAL_RANK=' 1'"},
    {"local_rank_hex", [](const Inputs &) { return local_rank_with("LOCAL_RANK", "0x1"); }, NB_ERANK, "'0x1'"},
    {"cpuset_add_minus_one", [](const Inputs &) { return plain(nb_cpuset_add(make_cpuset({0}).get(), -1)); },
     NB_EINVAL, "-1"},
    {"cpuset_add_past_the_largest_cpu",
     [](const Inputs &) { return plain(nb_cpuset_add(make_cpuset({0}).get(), NB_CPUSET_MAX_CPU + 1)); }, NB_EINVAL,
     "1048576"},
};

// ---- modes, vendors and memory policies that are not one --------------------------
// Values above the enumerators are fine in C++; negative ones go through C.
const Row kModeRows[] = {
    {"mode_parse_misspelt",
     [](const Inputs &) {
         nb_mode mode = NB_MODE_NODE;
         return plain(nb_mode_parse(&mode, "nod"));
     },
     NB_EMODE, "'nod'"},
    {"mode_parse_upper_case",
     [](const Inputs &) {
         nb_mode mode = NB_MODE_NODE;
         return plain(nb_mode_parse(&mode, "NODE"));
     },
     NB_EMODE, "'NODE'"},
    {"set_mode_past_the_modes",
     [](const Inputs &) { return plain(nb_options_set_mode(options_from("{}").get(), static_cast<nb_mode>(5))); },
     NB_EMODE, "5"},
    {"set_mode_int_max",
     [](const Inputs &) { return plain(nb_options_set_mode(options_from("{}").get(), NB_MODE_FORCE_INT)); }, NB_EMODE,
     "2147483647"},
    {"set_mode_minus_one_from_c", [](const Inputs &) { return plain(c_options_set_mode(options_from("{}").get(), -1)); },
     NB_EMODE, "-1"},
    {"set_mode_int_min_from_c",
     [](const Inputs &) { return plain(c_options_set_mode(options_from("{}").get(), INT_MIN)); }, NB_EMODE,
     "-2147483648"},
    {"set_vendor_past_the_vendors",
     [](const Inputs &) {
         return plain(nb_options_set_gpu_vendor(options_from("{}").get(), static_cast<nb_gpu_vendor>(3)));
     },
     NB_EMODE, "3"},
    {"set_vendor_minus_one_from_c",
     [](const Inputs &) { return plain(c_options_set_gpu_vendor(options_from("{}").get(), -1)); }, NB_EMODE, "-1"},
    {"set_mem_policy_past_the_policies",
     [](const Inputs &) {
         return plain(nb_options_set_mem_policy(options_from("{}").get(), static_cast<nb_mem_policy>(4)));
     },
     NB_EMODE, "4"},
    {"set_mem_policy_int_min_from_c",
     [](const Inputs &) { return plain(c_options_set_mem_policy(options_from("{}").get(), INT_MIN)); }, NB_EMODE,
     "-2147483648"},
    {"json_unknown_mode", [](const Inputs &) { return parse_options(R"({"mode":"fast"})"); }, NB_EMODE, "'fast'"},
    {"json_unknown_vendor", [](const Inputs &) { return parse_options(R"({"gpu_vendor":"intel"})"); }, NB_EMODE,
     "'intel'"},
    {"json_unknown_mem_policy", [](const Inputs &) { return parse_options(R"({"mem_policy":"membind"})"); }, NB_EMODE,
     "'membind'"},
};

// ---- CPU lists -------------------------------------------------------------------
const Row kCpuListRows[] = {
    {"cpu_list_reversed_range", [](const Inputs &) { return parse_cpu_list("0,3-1"); }, NB_ECPULIST, "'3-1'"},
    {"cpu_list_open_range", [](const Inputs &) { return parse_cpu_list("1-"); }, NB_ECPULIST, "'1-'"},
    {"cpu_list_negative", [](const Inputs &) { return parse_cpu_list("-1"); }, NB_ECPULIST, "'-1'"},
    {"cpu_list_plus_sign", [](const Inputs &) { return parse_cpu_list("+1"); }, NB_ECPULIST, "'+1'"},
    {"cpu_list_empty_item", [](const Inputs &) { return parse_cpu_list("1,,2"); }, NB_ECPULIST, "item 2 ''"},
    {"cpu_list_trailing_comma", [](const Inputs &) { return parse_cpu_list("1,"); }, NB_ECPULIST, "item 2 ''"},
    {"cpu_list_space", [](const Inputs &) { return parse_cpu_list("0, 1"); }, NB_ECPULIST, "' 1'"},
    {"cpu_list_hex", [](const Inputs &) { return parse_cpu_list("0x1"); }, NB_ECPULIST, "'0x1'"},
    {"cpu_list_two_dashes", [](const Inputs &) { return parse_cpu_list("1-2-3"); }, NB_ECPULIST, "'1-2-3'"},
    {"cpu_list_past_the_largest_cpu", [](const Inputs &) { return parse_cpu_list("1048576"); }, NB_ECPULIST,
     "'1048576'"},
    {"cpu_list_range_past_the_largest_cpu", [](const Inputs &) { return parse_cpu_list("0-1048576"); }, NB_ECPULIST,
     "'0-1048576'"},
    {"cpu_list_twenty_digits", [](const Inputs &) { return parse_cpu_list("99999999999999999999"); }, NB_ECPULIST,
     "'99999999999999999999'"},
    {"cpu_list_range_to_twenty_digits", [](const Inputs &) { return parse_cpu_list("0-18446744073709551617"); },
     NB_ECPULIST, "'0-18446744073709551617'"},
    {"cpu_list_garbage", [](const Inputs &) { return parse_cpu_list("all"); }, NB_ECPULIST, "'all'"},
    {"cpu_list_control_byte", [](const Inputs &) { return parse_cpu_list("1\n"); }, NB_ECPULIST, "'1\\x0a'"},
    {"cpu_list_not_utf8", [](const Inputs &) { return parse_cpu_list("\xff"); }, NB_ECPULIST, "'\\xff'"},
    {"json_allowed_cpus_reversed", [](const Inputs &) { return parse_options(R"({"allowed_cpus":"8-4"})"); },
     NB_ECPULIST, "allowed_cpus"},
    {"json_allowed_cpus_empty", [](const Inputs &) { return parse_options(R"({"allowed_cpus":""})"); }, NB_EEMPTY,
     "allowed_cpus"},
};

// ---- options JSON ------------------------------------------------------------------
const Row kJsonRows[] = {
    {"json_array", [](const Inputs &) { return parse_options("[]"); }, NB_EJSON, "array"},
    {"json_null", [](const Inputs &) { return parse_options("null"); }, NB_EJSON, "null"},
    {"json_number", [](const Inputs &) { return parse_options("1e999"); }, NB_EJSON, "1e999"},
    {"json_truncated", [](const Inputs &) { return parse_options(R"({"mode":"node")"); }, NB_EJSON, "malformed"},
    {"json_trailing_garbage", [](const Inputs &) { return parse_options("{} x"); }, NB_EJSON, "malformed"},
    {"json_not_utf8", [](const Inputs &) { return parse_options("{\"visible_devices\":\"\xff\"}"); }, NB_EJSON,
     "malformed"},
    {"json_mode_number", [](const Inputs &) { return parse_options(R"({"mode":1})"); }, NB_EJSON, "'mode'"},
    {"json_fallback_string", [](const Inputs &) { return parse_options(R"({"fallback":"yes"})"); }, NB_EJSON,
     "'fallback'"},
    {"json_fallback_number", [](const Inputs &) { return parse_options(R"({"fallback":1})"); }, NB_EJSON,
     "'fallback'"},
    {"json_allowed_cpus_number", [](const Inputs &) { return parse_options(R"({"allowed_cpus":5})"); }, NB_EJSON,
     "'allowed_cpus'"},
    {"json_bus_ids_string", [](const Inputs &) { return parse_options(R"({"pci_bus_ids":"0000:4e:00.0"})"); },
     NB_EJSON, "'pci_bus_ids'"},
    {"json_bus_ids_number_item", [](const Inputs &) { return parse_options(R"({"pci_bus_ids":[1]})"); }, NB_EJSON,
     "pci_bus_ids[]"},
    {"json_visible_devices_number", [](const Inputs &) { return parse_options(R"({"visible_devices":0})"); },
     NB_EJSON, "'visible_devices'"},
    {"json_mem_policy_null", [](const Inputs &) { return parse_options(R"({"mem_policy":null})"); }, NB_EJSON,
     "'mem_policy'"},
    {"json_vendor_object", [](const Inputs &) { return parse_options(R"({"gpu_vendor":{}})"); }, NB_EJSON,
     "'gpu_vendor'"},
    {"json_unknown_key", [](const Inputs &) { return parse_options(R"({"modes":"node"})"); }, NB_EJSON, "'modes'"},
    {"json_unknown_schema", [](const Inputs &) { return parse_options(R"({"schema":"numabind.options/2"})"); },
     NB_EJSON, "'numabind.options/2'"},
    {"json_bad_bus_id", [](const Inputs &) { return parse_options(R"({"pci_bus_ids":["zz"]})"); }, NB_EGPUSEL, "'zz'"},
    {"json_bus_id_twice", [](const Inputs &) { return parse_options(R"({"pci_bus_ids":["4e:00.0","0000:4e:00.0"]})"); },
     NB_EGPUSEL, "twice"},
};

// ---- topologies: files that are not one, machines a binding cannot use ----------
const Row kTopologyRows[] = {
    {"xml_buffer_text", [](const Inputs &) { return load_xml_buffer("hello"); }, NB_ETOPOLOGY, "XML buffer"},
    {"xml_buffer_html", [](const Inputs &) { return load_xml_buffer("<html><body/></html>"); }, NB_ETOPOLOGY,
     "XML buffer"},
    {"xml_buffer_future_version",
     [](const Inputs &) { return load_xml_buffer(R"(<?xml version="1.0"?><topology version="3.0"/>)"); },
     NB_ETOPOLOGY, "XML buffer"},
    {"xml_buffer_ends_inside_the_machine",
     [](const Inputs &) {
         // Cut before the first child: hwloc 2.9 leaks the objects it was
         // importing when a document ends deeper inside (fuzz/README.md).
         const std::string xml = nbtest::hwloc_xml(nbtest::MachineSpec{});
         return load_xml_buffer(xml.substr(0, xml.find("<object type=\"Package\"")));
     },
     NB_ETOPOLOGY, "XML buffer"},
    {"xml_file_missing", [](const Inputs &) { return load_xml_file("/nonexistent/machine.xml"); }, NB_ETOPOLOGY,
     "'/nonexistent/machine.xml'"},
    {"xml_file_is_a_directory", [](const Inputs &) { return load_xml_file("/"); }, NB_ETOPOLOGY, "not a regular file"},
    {"xml_file_is_not_xml",
     [](const Inputs &) { return load_xml_file(NUMABIND_FIXTURES_DIR "/SOURCES.md"); }, NB_ETOPOLOGY, "SOURCES.md"},
    {"fsroot_missing", [](const Inputs &) { return load_fsroot("/nonexistent"); }, NB_ETOPOLOGY, "'/nonexistent'"},
    {"fsroot_without_sys", [](const Inputs &) { return load_fsroot(NUMABIND_FIXTURES_DIR); }, NB_ETOPOLOGY,
     "no sys/ directory"},
    {"no_gpu_compute", [](const Inputs &in) { return compute(in.no_gpu.get(), nullptr, 0); }, NB_ENOGPU,
     "no NVIDIA or AMD GPU"},
    {"no_gpu_plan", [](const Inputs &in) { return plan(in.no_gpu.get(), nullptr, 0); }, NB_ENOGPU,
     "no NVIDIA or AMD GPU"},
    {"no_gpu_push_rank", [](const Inputs &in) { return plain(nb_affinity_push_rank(in.no_gpu.get(), nullptr, 0)); },
     NB_ENOGPU, "no NVIDIA or AMD GPU"},
    {"no_gpu_spawn_rank", [](const Inputs &in) { return spawn_rank(kTrue, in.no_gpu.get(), nullptr, 0); }, NB_ENOGPU,
     "no NVIDIA or AMD GPU"},
    {"no_gpu_of_the_vendor",
     [](const Inputs &in) { return compute(in.g4dn.get(), options_from(R"({"gpu_vendor":"amd"})").get(), 0); },
     NB_ENOGPU, "no AMD GPU"},
    {"only_cpuless_nodes", [](const Inputs &in) { return compute(in.cpuless_only.get(), nullptr, 0); }, NB_ENONUMA,
     "0000:01:00.0"},
    {"only_cpuless_nodes_push_rank",
     [](const Inputs &in) { return plain(nb_affinity_push_rank(in.cpuless_only.get(), nullptr, 0)); }, NB_ENONUMA,
     "0000:01:00.0"},
    {"gpu_outside_the_files_allowed_cpus", [](const Inputs &in) { return compute(in.gpu_not_allowed.get(), nullptr, 1); },
     NB_ENOTALLOWED, "0000:02:00.0"},
    {"gpu_outside_the_allowed_override",
     [](const Inputs &in) { return compute(in.two_gpus.get(), options_from(R"({"allowed_cpus":"0-1"})").get(), 1); },
     NB_ENOTALLOWED, "0000:02:00.0"},
    {"allowed_override_outside_the_machine",
     [](const Inputs &in) { return compute(in.two_gpus.get(), options_from(R"({"allowed_cpus":"64-127"})").get(), 0); },
     NB_ENOTALLOWED, "64-127"},
    {"exclusive_fewer_cores_than_gpus",
     [](const Inputs &in) { return compute(in.one_core_two_gpus.get(), options_from(R"({"mode":"exclusive"})").get(), 0); },
     NB_ECORES, "has 1 allowed physical cores for 2 GPUs"},
};

// ---- GPU selection: visible devices and PCI bus ids -----------------------------
const Row kGpuSelectionRows[] = {
    {"visible_index_past_the_gpus",
     [](const Inputs &in) { return compute(in.two_gpus.get(), options_from(R"({"visible_devices":"7"})").get(), 0); },
     NB_EGPUSEL, "'7'"},
    {"visible_index_ten_digits",
     [](const Inputs &in) {
         return compute(in.two_gpus.get(), options_from(R"({"visible_devices":"4294967296"})").get(), 0);
     },
     NB_EGPUSEL, "'4294967296'"},
    {"visible_unknown_uuid",
     [](const Inputs &in) { return compute(in.two_gpus.get(), options_from(R"({"visible_devices":"GPU-nope"})").get(), 0); },
     NB_EGPUSEL, "'GPU-nope'"},
    {"visible_garbage",
     [](const Inputs &in) { return compute(in.two_gpus.get(), options_from(R"({"visible_devices":"first"})").get(), 0); },
     NB_EGPUSEL, "'first'"},
    {"visible_negative",
     [](const Inputs &in) { return compute(in.two_gpus.get(), options_from(R"({"visible_devices":"-1"})").get(), 0); },
     NB_EGPUSEL, "'-1'"},
    {"visible_listed_twice",
     [](const Inputs &in) { return compute(in.two_gpus.get(), options_from(R"({"visible_devices":"1,1"})").get(), 0); },
     NB_EGPUSEL, "twice"},
    {"visible_empty_entry",
     [](const Inputs &in) { return compute(in.two_gpus.get(), options_from(R"({"visible_devices":"0,,1"})").get(), 0); },
     NB_EGPUSEL, "''"},
    {"visible_not_utf8",
     [](const Inputs &) { return plain(nb_options_set_visible_devices(options_from("{}").get(), "0,\xff")); },
     NB_EGPUSEL, "'0,\\xff'"},
    {"visible_from_the_environment",
     [](const Inputs &in) {
         setenv("CUDA_VISIBLE_DEVICES", "5", 1);
         const Result result = compute(in.two_gpus.get(), nullptr, 0);
         unsetenv("CUDA_VISIBLE_DEVICES");
         return result;
     },
     NB_EGPUSEL, "CUDA_VISIBLE_DEVICES='5'"},
    {"visible_push_rank",
     [](const Inputs &in) {
         return plain(nb_affinity_push_rank(in.two_gpus.get(), options_from(R"({"visible_devices":"2"})").get(), 0));
     },
     NB_EGPUSEL, "'2'"},
    {"bus_id_garbage", [](const Inputs &) { return plain(nb_options_set_pci_bus_ids(options_from("{}").get(), "zz")); },
     NB_EGPUSEL, "'zz'"},
    {"bus_id_device_past_31",
     [](const Inputs &) { return plain(nb_options_set_pci_bus_ids(options_from("{}").get(), "0000:4e:20.0")); },
     NB_EGPUSEL, "'0000:4e:20.0'"},
    {"bus_id_function_past_7",
     [](const Inputs &) { return plain(nb_options_set_pci_bus_ids(options_from("{}").get(), "4e:00.8")); },
     NB_EGPUSEL, "'4e:00.8'"},
    {"bus_id_domain_of_nine_digits",
     [](const Inputs &) { return plain(nb_options_set_pci_bus_ids(options_from("{}").get(), "100000000:4e:00.0")); },
     NB_EGPUSEL, "'100000000:4e:00.0'"},
    {"bus_id_twice",
     [](const Inputs &) { return plain(nb_options_set_pci_bus_ids(options_from("{}").get(), "4e:00.0,0000:4E:00.0")); },
     NB_EGPUSEL, "twice"},
    {"bus_id_naming_no_device",
     [](const Inputs &in) {
         return compute(in.two_gpus.get(), options_from(R"({"pci_bus_ids":["0000:99:00.0"]})").get(), 0);
     },
     NB_EGPUSEL, "0000:99:00.0"},
};

// ---- applying: sets the kernel refuses, programs that cannot run, the stack ------
const Row kApplyRows[] = {
    {"push_absent_cpu", [](const Inputs &in) { return plain(nb_affinity_push(in.absent_cpu.get(), nullptr)); },
     NB_EAFFINITY, "1048575"},
    {"push_absent_cpu_with_memory_policy",
     [](const Inputs &in) {
         return plain(nb_affinity_push(in.absent_cpu.get(), options_from(R"({"mem_policy":"bind"})").get()));
     },
     NB_EAFFINITY, "1048575"},
    {"pop_with_nothing_pushed", [](const Inputs &) { return plain(nb_affinity_pop()); }, NB_ESTACK,
     "nothing is pushed"},
    {"bind_process_absent_cpu",
     [](const Inputs &in) { return plain(nb_bind_current_process(in.absent_cpu.get(), nullptr)); }, NB_EAFFINITY,
     "1048575"},
    {"bind_process_with_a_push_outstanding",
     [](const Inputs &in) {
         // Push the thread's own CPUs (a binding that changes nothing), try, pop:
         // a successful pop leaves nb_last_error() as the failed call set it.
         if (nb_affinity_push(own_cpus().get(), nullptr) != NB_OK) return plain(NB_EINTERNAL);
         const nb_status status = nb_bind_current_process(in.absent_cpu.get(), nullptr);
         nb_affinity_pop();
         return plain(status);
     },
     NB_ESTACK, "pop them first"},
    {"bind_process_rank_with_a_push_outstanding",
     [](const Inputs &in) {
         if (nb_affinity_push(own_cpus().get(), nullptr) != NB_OK) return plain(NB_EINTERNAL);
         const nb_status status = nb_bind_current_process_rank(in.two_gpus.get(), nullptr, 0);
         nb_affinity_pop();
         return plain(status);
     },
     NB_ESTACK, "pop them first"},
    {"spawn_absent_cpu", [](const Inputs &in) { return spawn(kTrue, nullptr, in.absent_cpu.get()); }, NB_EAFFINITY,
     "1048575"},
    {"spawn_missing_program",
     [](const Inputs &) {
         const char *const argv[] = {"/nonexistent/program", nullptr};
         return spawn(argv, nullptr, own_cpus().get());
     },
     NB_EEXEC, "'/nonexistent/program'"},
    {"spawn_directory_as_program",
     [](const Inputs &) {
         const char *const argv[] = {"/", nullptr};
         return spawn(argv, nullptr, own_cpus().get());
     },
     NB_EEXEC, "'/'"},
    {"spawn_missing_working_directory",
     [](const Inputs &) {
         return spawn(kTrue, "/nonexistent/dir", own_cpus().get());
     },
     NB_EEXEC, "'/nonexistent/dir'"},
};

class BadInput : public ::testing::TestWithParam<Row> {};

TEST_P(BadInput, ReturnsItsStatusNamesTheValueAndChangesNothing) {
    const Row &row = GetParam();
    const Inputs &in = inputs();
    const std::string affinity_before = calling_thread_affinity();
    const int depth_before = nb_affinity_depth();

    const Result result = row.call(in);

    EXPECT_EQ(result.status, row.status) << "got " << nb_status_name(result.status) << ": " << nb_last_error();
    EXPECT_TRUE(last_error_names(row.names));
    if (result.out != Result::Out::kNone) {
        EXPECT_EQ(result.out, Result::Out::kNull) << "out-parameter not left NULL";
    }
    EXPECT_EQ(calling_thread_affinity(), affinity_before);
    EXPECT_EQ(nb_affinity_depth(), depth_before);
    EXPECT_TRUE(no_child_left());
}

std::string row_name(const ::testing::TestParamInfo<Row> &info) { return info.param.why; }

INSTANTIATE_TEST_SUITE_P(Null, BadInput, ::testing::ValuesIn(kNullRows), row_name);
INSTANTIATE_TEST_SUITE_P(Empty, BadInput, ::testing::ValuesIn(kEmptyRows), row_name);
INSTANTIATE_TEST_SUITE_P(Rank, BadInput, ::testing::ValuesIn(kRankRows), row_name);
INSTANTIATE_TEST_SUITE_P(Mode, BadInput, ::testing::ValuesIn(kModeRows), row_name);
INSTANTIATE_TEST_SUITE_P(CpuList, BadInput, ::testing::ValuesIn(kCpuListRows), row_name);
INSTANTIATE_TEST_SUITE_P(Json, BadInput, ::testing::ValuesIn(kJsonRows), row_name);
INSTANTIATE_TEST_SUITE_P(Topology, BadInput, ::testing::ValuesIn(kTopologyRows), row_name);
INSTANTIATE_TEST_SUITE_P(GpuSelection, BadInput, ::testing::ValuesIn(kGpuSelectionRows), row_name);
INSTANTIATE_TEST_SUITE_P(Apply, BadInput, ::testing::ValuesIn(kApplyRows), row_name);

// Not a status but the same boundary: names of values outside the enums are
// NULL, for any int a C caller passes.
TEST(BadInputNames, ValuesOutsideTheEnumsHaveNoName) {
    for (int value : {-1, INT_MIN, 5, INT_MAX}) {
        SCOPED_TRACE(value);
        EXPECT_EQ(c_mode_name(value), nullptr);
        EXPECT_EQ(c_gpu_vendor_name(value), nullptr);
        EXPECT_EQ(c_mem_policy_name(value), nullptr);
    }
}

// Bytes from a topology file that are not UTF-8 (a NUMA subtype here) come
// out of nb_topology_to_json as U+FFFD instead of failing the call.
TEST(BadInputOutput, TopologyJsonShowsBytesThatAreNotUtf8) {
    std::string xml = nbtest::hwloc_xml(nbtest::MachineSpec{});
    const std::string node = "type=\"NUMANode\"";
    xml.insert(xml.find(node) + node.size(), " subtype=\"HB\xff\"");
    nb_topology *raw = nullptr;
    ASSERT_EQ(nb_topology_load_xml_buffer(&raw, xml.data(), xml.size()), NB_OK) << nb_last_error();
    const Topology topology(raw);
    char *json = nullptr;
    ASSERT_EQ(nb_topology_to_json(&json, topology.get(), nullptr), NB_OK) << nb_last_error();
    EXPECT_NE(take_string(json).find("\"subtype\":\"HB\xef\xbf\xbd\""), std::string::npos);
}

}  // namespace
}  // namespace bad_input
}  // namespace capi
