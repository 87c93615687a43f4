// The version macros, the loaded library's version and the CMake project
// version all agree.
#include <string>

#include <gtest/gtest.h>

#include "numabind.h"

namespace {

TEST(Version, RuntimeNumberEqualsTheMacros) {
    EXPECT_EQ(nb_version_number(), static_cast<uint32_t>(NB_VERSION_NUMBER));
    EXPECT_EQ(NB_VERSION_NUMBER, NB_VERSION_MAJOR * 10000 + NB_VERSION_MINOR * 100 + NB_VERSION_PATCH);
}

TEST(Version, RuntimeStringEqualsTheMacros) {
    const std::string expected = std::to_string(NB_VERSION_MAJOR) + "." + std::to_string(NB_VERSION_MINOR) +
                                 "." + std::to_string(NB_VERSION_PATCH);
    ASSERT_NE(nb_version_string(), nullptr);
    EXPECT_EQ(nb_version_string(), expected);
}

TEST(Version, MacrosEqualTheCMakeProjectVersion) {
    EXPECT_EQ(std::string(nb_version_string()), NUMABIND_PROJECT_VERSION)
        << "include/numabind.h and project(numabind VERSION ...) must move together";
}

}  // namespace
