// Help, version, and the exit statuses of command-line mistakes (2) versus
// runtime failures (1).
#include <gtest/gtest.h>

#include "cli_test_support.h"
#include "numabind.h"

namespace nbtest {
namespace {

TEST(CliHelp, ToolHelpListsCommandsOnStdoutAndExitsZero) {
    for (const char *flag : {"--help", "-h"}) {
        const ProcessResult result = run_numabind({flag});
        EXPECT_EQ(result.exit_status, 0) << flag;
        EXPECT_EQ(result.err, "") << flag;
        EXPECT_EQ(result.out.rfind("Usage: numabind COMMAND", 0), 0u) << result.out;
        EXPECT_NE(result.out.find("\n  topo "), std::string::npos) << result.out;
        EXPECT_NE(result.out.find("\n  plan "), std::string::npos) << result.out;
        EXPECT_NE(result.out.find("\n  exec "), std::string::npos) << result.out;
        EXPECT_NE(result.out.find("\n  launch "), std::string::npos) << result.out;
        EXPECT_NE(result.out.find("\n  check "), std::string::npos) << result.out;
    }
}

TEST(CliHelp, EverySubcommandHasHelpNamingItsOptions) {
    const std::map<std::string, std::vector<std::string>> options = {
        {"topo", {"--topology", "--format"}},
        {"plan",
         {"--topology", "--mode", "--allowed-cpus", "--nproc", "--format", "--fallback",
          "--vendor", "--pci-bus-ids", "--visible-devices"}},
        {"exec",
         {"--topology", "--mode", "--local-rank", "--membind", "--fallback", "--allowed-cpus",
          "--visible-devices", "--vendor", "--pci-bus-ids"}},
        {"launch",
         {"--topology", "--mode", "--nproc", "--membind", "--fallback", "--verbose", "--allowed-cpus",
          "--visible-devices", "--vendor", "--pci-bus-ids"}},
        {"check",
         {"--topology", "--mode", "--local-rank", "--allowed-cpus", "--visible-devices", "--vendor",
          "--pci-bus-ids", "--format"}},
    };
    for (const auto &[command, names] : options) {
        for (const char *flag : {"--help", "-h"}) {
            const ProcessResult result = run_numabind({command, flag});
            EXPECT_EQ(result.exit_status, 0) << command << " " << flag;
            EXPECT_EQ(result.err, "") << command << " " << flag;
            EXPECT_EQ(result.out.rfind("Usage: numabind " + command, 0), 0u) << result.out;
            for (const std::string &name : names) {
                EXPECT_NE(result.out.find("\n  " + name), std::string::npos)
                    << command << " help lacks " << name << ":\n" << result.out;
            }
        }
    }
}

TEST(CliHelp, ExecAndLaunchHelpDocumentTheExecFailureStatuses) {
    for (const std::string command : {"exec", "launch"}) {
        const ProcessResult result = run_numabind({command, "--help"});
        EXPECT_EQ(result.exit_status, 0) << command;
        EXPECT_NE(result.out.find("126"), std::string::npos) << command << ":\n" << result.out;
        EXPECT_NE(result.out.find("127"), std::string::npos) << command << ":\n" << result.out;
    }
    EXPECT_NE(run_numabind({"launch", "--help"}).out.find("not a torchrun replacement"), std::string::npos);
}

TEST(CliHelp, HelpAfterTheProgramBelongsToTheProgram) {
    // "--help" after "--" is an argument of the program, not a request for help.
    const ProcessResult result = run_numabind({"exec", "--", "--help"});
    EXPECT_EQ(result.exit_status, 2);
    EXPECT_EQ(result.out, "");
    EXPECT_TRUE(is_one_line_error(result, "numabind exec: ", "--mode"));
}

TEST(CliHelp, HelpWinsOverMissingRequiredMode) {
    // `plan` needs --mode, but asking for help must not be refused for it.
    const ProcessResult result = run_numabind({"plan", "--topology", "/nonexistent.xml", "-h"});
    EXPECT_EQ(result.exit_status, 0);
    EXPECT_NE(result.out.find("--mode"), std::string::npos);
}

TEST(CliHelp, VersionPrintsTheLibraryVersion) {
    const ProcessResult result = run_numabind({"--version"});
    EXPECT_EQ(result.exit_status, 0);
    // The header this test was compiled with names the version the tool links.
    const std::string expected = "numabind " + std::to_string(NB_VERSION_MAJOR) + "." +
                                 std::to_string(NB_VERSION_MINOR) + "." +
                                 std::to_string(NB_VERSION_PATCH) + "\n";
    EXPECT_EQ(result.out, expected);
}

TEST(CliUsage, NoCommandIsAUsageError) {
    const ProcessResult result = run_numabind({});
    EXPECT_EQ(result.exit_status, 2);
    EXPECT_EQ(result.out, "");
    EXPECT_NE(result.err.find("Usage: numabind"), std::string::npos);
}

TEST(CliUsage, UnknownCommandIsNamed) {
    const ProcessResult result = run_numabind({"plna"});
    EXPECT_EQ(result.exit_status, 2);
    EXPECT_TRUE(is_one_line_error(result, "numabind: unknown command 'plna'", "plan"));
}

TEST(CliUsage, UnknownToolOptionIsNamed) {
    const ProcessResult result = run_numabind({"--verbose"});
    EXPECT_EQ(result.exit_status, 2);
    EXPECT_TRUE(is_one_line_error(result, "numabind: ", "'--verbose'"));
}

class CliUsageErrors : public GeneratedTopologyTest {};

TEST_F(CliUsageErrors, UnknownOptionIsNamed) {
    const ProcessResult result =
        run_numabind({"plan", "--topology", gpu_xml_, "--mode", "node", "--bogus"});
    EXPECT_EQ(result.exit_status, 2);
    EXPECT_EQ(result.out, "");
    EXPECT_TRUE(is_one_line_error(result, "numabind plan: ", "'--bogus'"));
}

TEST_F(CliUsageErrors, MissingValueIsAUsageError) {
    for (const auto &args : std::vector<std::vector<std::string>>{
             {"plan", "--topology", gpu_xml_, "--mode"},
             {"plan", "--topology", gpu_xml_, "--mode", "--format", "json"},
             {"topo", "--topology"}}) {
        const ProcessResult result = run_numabind(args);
        EXPECT_EQ(result.exit_status, 2) << args.back();
        const std::string option = args[0] == "topo" ? "--topology" : "--mode";
        EXPECT_TRUE(is_one_line_error(result, "numabind " + args[0] + ": ", option));
    }
}

TEST_F(CliUsageErrors, StrayArgumentIsAUsageError) {
    const ProcessResult result = run_numabind({"topo", "--topology", gpu_xml_, "extra"});
    EXPECT_EQ(result.exit_status, 2);
    EXPECT_TRUE(is_one_line_error(result, "numabind topo: ", "'extra'"));
}

TEST_F(CliUsageErrors, SwitchGivenAValueIsAUsageError) {
    const ProcessResult result =
        run_numabind({"plan", "--topology", gpu_xml_, "--mode", "node", "--fallback=yes"});
    EXPECT_EQ(result.exit_status, 2);
    EXPECT_TRUE(is_one_line_error(result, "numabind plan: ", "--fallback"));
}

TEST_F(CliUsageErrors, MissingModeIsAUsageError) {
    const ProcessResult result = run_numabind({"plan", "--topology", gpu_xml_});
    EXPECT_EQ(result.exit_status, 2);
    EXPECT_TRUE(is_one_line_error(result, "numabind plan: ", "--mode"));
}

TEST_F(CliUsageErrors, BadNprocIsNamed) {
    for (const std::string bad : {"abc", "0", "-1", "2x", "", "99999999999999999999"}) {
        const ProcessResult result =
            run_numabind({"plan", "--topology", gpu_xml_, "--mode", "node", "--nproc=" + bad});
        EXPECT_EQ(result.exit_status, 2) << "'" << bad << "'";
        EXPECT_TRUE(is_one_line_error(result, "numabind plan: ", "'" + bad + "'"));
    }
}

TEST_F(CliUsageErrors, BadFormatIsNamed) {
    const std::vector<std::vector<std::string>> commands = {
        {"topo", "--topology", gpu_xml_, "--format", "yaml"},
        {"plan", "--topology", gpu_xml_, "--mode", "node", "--format", "yaml"},
    };
    for (const auto &args : commands) {
        const ProcessResult result = run_numabind(args);
        EXPECT_EQ(result.exit_status, 2) << args[0];
        EXPECT_TRUE(is_one_line_error(result, "numabind " + args[0] + ": ", "'yaml'"));
    }
}

// Values the library validates: the message is the library's, naming the
// value, and the status is still a usage error.
TEST_F(CliUsageErrors, LibraryRejectedValuesAreUsageErrors) {
    const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
        {{"--mode", "nod"}, "'nod'"},
        {{"--mode", "node", "--allowed-cpus", "3-1"}, "3-1"},
        {{"--mode", "node", "--allowed-cpus", "zero"}, "zero"},
        {{"--mode", "node", "--vendor", "intel"}, "intel"},
        {{"--mode", "node", "--pci-bus-ids", "0000:zz:00.0"}, "zz"},
    };
    for (const auto &[extra, needle] : cases) {
        std::vector<std::string> args = {"plan", "--topology", gpu_xml_};
        args.insert(args.end(), extra.begin(), extra.end());
        const ProcessResult result = run_numabind(args);
        EXPECT_EQ(result.exit_status, 2) << needle;
        EXPECT_EQ(result.out, "") << needle;
        EXPECT_TRUE(is_one_line_error(result, "numabind plan: ", needle));
    }
}

TEST_F(CliUsageErrors, UnknownModeMessageListsTheModes) {
    const ProcessResult result = run_numabind({"plan", "--topology", gpu_xml_, "--mode", "nod"});
    EXPECT_EQ(result.exit_status, 2);
    for (const char *mode : {"node", "socket", "exclusive", "core-complex", "closest"}) {
        EXPECT_NE(result.err.find(mode), std::string::npos) << mode << " in " << result.err;
    }
}

TEST_F(CliUsageErrors, EmptyAllowedCpuListIsAUsageError) {
    const ProcessResult result =
        run_numabind({"plan", "--topology", gpu_xml_, "--mode", "node", "--allowed-cpus", ""});
    EXPECT_EQ(result.exit_status, 2);
    EXPECT_TRUE(is_one_line_error(result, "numabind plan: ", ""));
}

TEST_F(CliUsageErrors, UsageErrorsAreFoundBeforeTheTopologyIsLoaded) {
    // A bad value beats a missing file: the command line is wrong either way.
    const ProcessResult result =
        run_numabind({"plan", "--topology", dir_->path() + "/missing.xml", "--mode", "nod"});
    EXPECT_EQ(result.exit_status, 2);
    EXPECT_TRUE(is_one_line_error(result, "numabind plan: ", "'nod'"));
}

TEST_F(CliUsageErrors, UnloadableTopologyIsARuntimeFailure) {
    const std::string missing = dir_->path() + "/missing.xml";
    const std::string garbage = dir_->write("garbage.xml", "this is not a topology\n");
    for (const std::string &path : {missing, garbage}) {
        const std::string file_name = path.substr(path.rfind('/') + 1);
        for (const std::string command : {"topo", "plan"}) {
            std::vector<std::string> args = {command, "--topology", path};
            if (command == "plan") {
                args.insert(args.end(), {"--mode", "node"});
            }
            const ProcessResult result = run_numabind(args);
            EXPECT_EQ(result.exit_status, 1) << command << " " << path;
            EXPECT_EQ(result.out, "") << command << " " << path;
            // The library's message names the file it could not load.
            EXPECT_TRUE(is_one_line_error(result, "numabind " + command + ": ", file_name));
        }
    }
}

}  // namespace
}  // namespace nbtest
