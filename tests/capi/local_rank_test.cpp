// nb_local_rank_from_environment: LOCAL_RANK, else SLURM_LOCALID, else
// OMPI_COMM_WORLD_LOCAL_RANK; a bad value is NB_ERANK naming the variable.
#include <cstdlib>
#include <string>

#include <gtest/gtest.h>

#include "capi_support.h"

namespace capi {
namespace {

class LocalRank : public ::testing::Test {
protected:
    void SetUp() override {
        for (const char *name : {"LOCAL_RANK", "SLURM_LOCALID", "OMPI_COMM_WORLD_LOCAL_RANK"}) unsetenv(name);
    }
    void TearDown() override { SetUp(); }
};

TEST_F(LocalRank, EachLauncherVariableIsReadAlone) {
    for (const char *name : {"LOCAL_RANK", "SLURM_LOCALID", "OMPI_COMM_WORLD_LOCAL_RANK"}) {
        SCOPED_TRACE(name);
        SetUp();
        setenv(name, "5", 1);
        int rank = -1;
        ASSERT_EQ(nb_local_rank_from_environment(&rank), NB_OK) << nb_last_error();
        EXPECT_EQ(rank, 5);
    }
}

TEST_F(LocalRank, TorchrunWinsOverSlurmWhichWinsOverOpenMpi) {
    setenv("OMPI_COMM_WORLD_LOCAL_RANK", "3", 1);
    setenv("SLURM_LOCALID", "2", 1);
    setenv("LOCAL_RANK", "1", 1);
    int rank = -1;
    ASSERT_EQ(nb_local_rank_from_environment(&rank), NB_OK);
    EXPECT_EQ(rank, 1);
    unsetenv("LOCAL_RANK");
    ASSERT_EQ(nb_local_rank_from_environment(&rank), NB_OK);
    EXPECT_EQ(rank, 2);
}

TEST_F(LocalRank, NoneSetIsEranknamingEveryVariable) {
    int rank = 7;
    EXPECT_EQ(nb_local_rank_from_environment(&rank), NB_ERANK);
    EXPECT_EQ(rank, 7) << "untouched on failure";
    const std::string message = nb_last_error();
    for (const char *name : {"LOCAL_RANK", "SLURM_LOCALID", "OMPI_COMM_WORLD_LOCAL_RANK"})
        EXPECT_NE(message.find(name), std::string::npos) << message;
}

TEST_F(LocalRank, ABadValueIsErankNamingVariableAndValue) {
    for (const char *bad : {"", "-1", "+1", "1.0", " 1", "1 ", "0x1", "abc", "2147483648", "99999999999999999999"}) {
        SCOPED_TRACE(bad);
        setenv("SLURM_LOCALID", bad, 1);
        int rank = 7;
        EXPECT_EQ(nb_local_rank_from_environment(&rank), NB_ERANK);
        EXPECT_NE(std::string(nb_last_error()).find("SLURM_LOCALID='" + std::string(bad) + "'"), std::string::npos)
            << nb_last_error();
        EXPECT_EQ(rank, 7);
    }
}

TEST_F(LocalRank, ABadFirstVariableIsNotSkippedForALaterOne) {
    setenv("LOCAL_RANK", "x", 1);
    setenv("SLURM_LOCALID", "1", 1);
    int rank = -1;
    EXPECT_EQ(nb_local_rank_from_environment(&rank), NB_ERANK) << "a typo must not silently pick another rank";
}

TEST_F(LocalRank, TheLargestIntIsARank) {
    setenv("LOCAL_RANK", "2147483647", 1);
    int rank = -1;
    ASSERT_EQ(nb_local_rank_from_environment(&rank), NB_OK);
    EXPECT_EQ(rank, 2147483647);
    setenv("LOCAL_RANK", "007", 1);
    ASSERT_EQ(nb_local_rank_from_environment(&rank), NB_OK);
    EXPECT_EQ(rank, 7);
}

TEST_F(LocalRank, NullOutIsEinval) { EXPECT_EQ(nb_local_rank_from_environment(nullptr), NB_EINVAL); }

}  // namespace
}  // namespace capi
