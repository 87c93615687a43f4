// The /proc parsers behind `numabind check`, on literal samples of the
// kernel's text (shapes from Linux 6.x; the sums are worked out by hand in
// the comments).
#include <gtest/gtest.h>

#include <stdexcept>

#include "proc_inspect.h"

namespace nbcli {
namespace {

TEST(ProcInspectNumaMaps, SumsPagesTimesPageSizePerNode) {
    const std::string sample =
        "55d0c8a00000 default file=/usr/bin/python3.11 mapped=120 mapmax=3 N0=100 N1=20 kernelpagesize_kB=4\n"
        "55d0c8b00000 default heap anon=300 dirty=300 active=0 N1=300 kernelpagesize_kB=4\n"
        "7f0000000000 bind:1 anon=3 dirty=3 N1=3 kernelpagesize_kB=2048\n"
        "7f1000000000 interleave:0-1 anon=8 dirty=8 N0=4 N1=4 kernelpagesize_kB=4\n"
        "7f2000000000 default\n"
        "7ffd00000000 default stack anon=33 dirty=33 active=1 N0=33 kernelpagesize_kB=4\n";
    // node 0: (100 + 4 + 33) * 4 = 548 kB
    // node 1: (20 + 300 + 4) * 4 + 3 * 2048 = 1296 + 6144 = 7440 kB
    EXPECT_EQ(resident_kb_by_node(sample), (std::map<int, long long>{{0, 548}, {1, 7440}}));
}

TEST(ProcInspectNumaMaps, CountsOnlyTheTrailingNodeFields) {
    // File names with spaces (the kernel prints them as they are) and parts
    // that look like counts: only the
    // N<node>= fields just before kernelpagesize_kB count.
    const std::string sample =
        "7f3000000000 default file=/data/my model N7=99.bin mapped=2 N2=2 kernelpagesize_kB=4\n"
        "7f4000000000 default file=/tmp/a b N5=9 mapped=1 active=0 N3=1 kernelpagesize_kB=4\n";
    // node 2: 2 * 4 = 8 kB; node 3: 1 * 4 = 4 kB; nothing on nodes 5 and 7.
    EXPECT_EQ(resident_kb_by_node(sample), (std::map<int, long long>{{2, 8}, {3, 4}}));
}

TEST(ProcInspectNumaMaps, SparseNodeNumbersAndEmptyText) {
    EXPECT_EQ(resident_kb_by_node("7f00 default anon=5 N12=5 kernelpagesize_kB=64\n"),
              (std::map<int, long long>{{12, 320}}));  // 5 * 64
    EXPECT_TRUE(resident_kb_by_node("").empty());
    EXPECT_TRUE(resident_kb_by_node("7f00 default\n7f01 bind:0\n").empty());
}

TEST(ProcInspectNumaMaps, UnreadablePageSizeNamesTheLine) {
    try {
        resident_kb_by_node("7f00 default anon=1 N0=1 kernelpagesize_kB=four\n");
        FAIL() << "expected std::invalid_argument";
    } catch (const std::invalid_argument &error) {
        EXPECT_NE(std::string(error.what()).find("kernelpagesize_kB=four"), std::string::npos)
            << error.what();
    }
}

TEST(ProcInspectStatus, ReadsNameAndCpusAllowedList) {
    const std::string sample =
        "Name:\tpt_autograd_0\n"
        "Umask:\t0022\n"
        "State:\tS (sleeping)\n"
        "Tgid:\t4242\n"
        "Pid:\t4250\n"
        "Cpus_allowed:\tffff,00000000,0000ffff\n"
        "Cpus_allowed_list:\t0-15,64-79\n"
        "Mems_allowed:\t00000000,00000003\n"
        "Mems_allowed_list:\t0-1\n"
        "voluntary_ctxt_switches:\t12\n";
    const auto status = parse_thread_status(sample);
    ASSERT_TRUE(status.has_value());
    EXPECT_EQ(status->name, "pt_autograd_0");
    EXPECT_EQ(status->cpus_allowed_list, "0-15,64-79");
}

TEST(ProcInspectStatus, NameWithSpacesIsKeptWhole) {
    const auto status = parse_thread_status("Name:\tmy worker 1\nCpus_allowed_list:\t3\n");
    ASSERT_TRUE(status.has_value());
    EXPECT_EQ(status->name, "my worker 1");
    EXPECT_EQ(status->cpus_allowed_list, "3");
}

TEST(ProcInspectStatus, MissingFieldIsNothing) {
    EXPECT_FALSE(parse_thread_status("Name:\tsleep\nCpus_allowed:\t3\n").has_value());
    EXPECT_FALSE(parse_thread_status("Cpus_allowed_list:\t0-1\n").has_value());
    EXPECT_FALSE(parse_thread_status("").has_value());
}

TEST(ProcInspectEnviron, FindsExactNamesInNulSeparatedEntries) {
    const char raw[] = "PATH=/usr/bin\0LOCAL_RANK_OFFSET=4\0LOCAL_RANK=3\0EMPTY=\0EQ=a=b\0";
    const std::string sample(raw, sizeof raw - 1);
    EXPECT_EQ(environ_value(sample, "LOCAL_RANK"), "3");
    EXPECT_EQ(environ_value(sample, "LOCAL_RANK_OFFSET"), "4");
    EXPECT_EQ(environ_value(sample, "EMPTY"), "");
    EXPECT_EQ(environ_value(sample, "EQ"), "a=b");
    EXPECT_EQ(environ_value(sample, "PATH"), "/usr/bin");
    EXPECT_FALSE(environ_value(sample, "LOCAL").has_value());
    EXPECT_FALSE(environ_value(sample, "SLURM_LOCALID").has_value());
    EXPECT_FALSE(environ_value("", "LOCAL_RANK").has_value());
}

TEST(ProcInspectEnviron, LastEntryNeedNotEndWithNul) {
    const char raw[] = "A=1\0LOCAL_RANK=7";
    const std::string sample(raw, sizeof raw - 1);
    EXPECT_EQ(environ_value(sample, "LOCAL_RANK"), "7");
}

}  // namespace
}  // namespace nbcli
