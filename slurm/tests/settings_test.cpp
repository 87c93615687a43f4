// The plugin's settings rules, without Slurm: what a site argument or an
// option value sets, what is refused and how the message names it, and that
// a user's option overrides the site's default only for what it gives.
#include <gtest/gtest.h>

#include <string>

#include "settings.h"

namespace {

struct Result {
    int status;
    std::string message;
};

Result site(nbs_settings &settings, const char *argument) {
    char message[NBS_MESSAGE_SIZE] = "";
    const int status = nbs_set_site_argument(&settings, argument, message);
    return {status, message};
}

TEST(SiteArguments, SetEachKey) {
    nbs_settings settings{};
    ASSERT_EQ(site(settings, "mode=socket").status, 0);
    ASSERT_EQ(site(settings, "membind=interleave").status, 0);
    ASSERT_EQ(site(settings, "fallback=yes").status, 0);
    EXPECT_TRUE(settings.has_mode);
    EXPECT_TRUE(settings.bind);
    EXPECT_EQ(settings.mode, NB_MODE_SOCKET);
    EXPECT_TRUE(settings.has_mem_policy);
    EXPECT_EQ(settings.mem_policy, NB_MEM_POLICY_INTERLEAVE);
    EXPECT_TRUE(settings.has_fallback);
    EXPECT_EQ(settings.fallback, 1);
    EXPECT_TRUE(nbs_wants_binding(&settings));
}

TEST(SiteArguments, ModeNoneAsksForNoBinding) {
    nbs_settings settings{};
    ASSERT_EQ(site(settings, "mode=none").status, 0);
    EXPECT_TRUE(settings.has_mode);
    EXPECT_FALSE(nbs_wants_binding(&settings));
}

TEST(SiteArguments, NothingGivenAsksForNoBinding) {
    const nbs_settings settings{};
    EXPECT_FALSE(nbs_wants_binding(&settings));
}

TEST(SiteArguments, RefusedWithTheArgumentNamed) {
    struct Case {
        const char *argument;
        const char *expected;  // a part of the message
    };
    for (const Case &c : {Case{"mode=nod", "plugstack.conf argument 'mode=nod': unknown mode 'nod'"},
                          Case{"mode=", "unknown mode ''"},
                          Case{"membind=tight", "plugstack.conf argument 'membind=tight': "},
                          Case{"fallback=maybe", "'maybe' is neither yes nor no"},
                          Case{"fallback=", "'' is neither yes nor no"},
                          Case{"colour=blue", "unknown key 'colour'"},
                          Case{"modes=node", "unknown key 'modes'"},
                          Case{"node", "plugstack.conf argument 'node' is not KEY=VALUE"}}) {
        nbs_settings settings{};
        const Result result = site(settings, c.argument);
        EXPECT_EQ(result.status, -1) << c.argument;
        EXPECT_NE(result.message.find(c.expected), std::string::npos) << c.argument << ": " << result.message;
        EXPECT_FALSE(settings.has_mode || settings.has_mem_policy || settings.has_fallback) << c.argument;
    }
}

TEST(SiteArguments, BadMemoryPolicyListsTheValue) {
    nbs_settings settings{};
    const Result result = site(settings, "membind=tight");
    EXPECT_NE(result.message.find("'tight'"), std::string::npos) << result.message;
}

TEST(Options, FallbackSwitchWithoutValueMeansYes) {
    nbs_settings settings{};
    char message[NBS_MESSAGE_SIZE] = "";
    ASSERT_EQ(nbs_set_fallback(&settings, "--numa-bind-fallback", nullptr, message), 0);
    EXPECT_EQ(settings.fallback, 1);
    ASSERT_EQ(nbs_set_fallback(&settings, "--numa-bind-fallback", "no", message), 0);
    EXPECT_EQ(settings.fallback, 0);
}

TEST(Options, BadModeNamesTheOptionAndValue) {
    nbs_settings settings{};
    char message[NBS_MESSAGE_SIZE] = "";
    ASSERT_EQ(nbs_set_mode(&settings, "--numa-bind", "sockets", message), -1);
    EXPECT_NE(std::string(message).find("--numa-bind: unknown mode 'sockets'"), std::string::npos) << message;
    EXPECT_NE(std::string(message).find("or none"), std::string::npos) << message;
    ASSERT_EQ(nbs_set_mode(&settings, "--numa-bind", nullptr, message), -1);
    EXPECT_STREQ(message, "--numa-bind needs a mode");
}

TEST(Merge, UserOverridesOnlyWhatItGives) {
    nbs_settings site_settings{};
    nbs_settings user{};
    char message[NBS_MESSAGE_SIZE] = "";
    ASSERT_EQ(site(site_settings, "mode=node").status, 0);
    ASSERT_EQ(site(site_settings, "membind=bind").status, 0);
    ASSERT_EQ(site(site_settings, "fallback=yes").status, 0);
    ASSERT_EQ(nbs_set_mem_policy(&user, "--numa-membind", "preferred", message), 0);
    ASSERT_EQ(nbs_set_fallback(&user, "--numa-bind-fallback", "no", message), 0);

    const nbs_settings merged = nbs_merge(&site_settings, &user);
    EXPECT_EQ(merged.mode, NB_MODE_NODE);  // from the site
    EXPECT_EQ(merged.mem_policy, NB_MEM_POLICY_PREFERRED);
    EXPECT_EQ(merged.fallback, 0);
    EXPECT_TRUE(nbs_wants_binding(&merged));
}

TEST(Merge, UserModeNoneTurnsASiteDefaultOff) {
    nbs_settings site_settings{};
    nbs_settings user{};
    char message[NBS_MESSAGE_SIZE] = "";
    ASSERT_EQ(site(site_settings, "mode=exclusive").status, 0);
    ASSERT_EQ(nbs_set_mode(&user, "--numa-bind", "none", message), 0);
    const nbs_settings merged = nbs_merge(&site_settings, &user);
    EXPECT_FALSE(nbs_wants_binding(&merged));
}

TEST(Merge, UserModeWithoutSiteDefaults) {
    const nbs_settings site_settings{};
    nbs_settings user{};
    char message[NBS_MESSAGE_SIZE] = "";
    ASSERT_EQ(nbs_set_mode(&user, "--numa-bind", "core-complex", message), 0);
    const nbs_settings merged = nbs_merge(&site_settings, &user);
    EXPECT_TRUE(nbs_wants_binding(&merged));
    EXPECT_EQ(merged.mode, NB_MODE_CORE_COMPLEX);
    EXPECT_FALSE(merged.has_mem_policy);
    EXPECT_FALSE(merged.has_fallback);
}

}  // namespace
