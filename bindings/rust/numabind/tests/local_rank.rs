//! The local rank launchers put in the environment. Its own test binary
//! with one test: it sets environment variables, which is only sound while
//! no other thread reads the environment.

use std::env;

use numabind::{local_rank_from_environment, ErrorCode};

#[test]
fn local_rank_comes_from_local_rank_then_slurm_then_open_mpi() {
    for name in ["LOCAL_RANK", "SLURM_LOCALID", "OMPI_COMM_WORLD_LOCAL_RANK"] {
        env::remove_var(name);
    }
    let error = local_rank_from_environment().unwrap_err();
    assert_eq!(error.code(), ErrorCode::Rank, "{error}");

    env::set_var("OMPI_COMM_WORLD_LOCAL_RANK", "5");
    assert_eq!(local_rank_from_environment().unwrap(), 5);
    env::set_var("SLURM_LOCALID", "3");
    assert_eq!(local_rank_from_environment().unwrap(), 3);
    env::set_var("LOCAL_RANK", "1");
    assert_eq!(local_rank_from_environment().unwrap(), 1);

    env::set_var("LOCAL_RANK", "one");
    let error = local_rank_from_environment().unwrap_err();
    assert_eq!(error.code(), ErrorCode::Rank);
    assert!(error.message().contains("LOCAL_RANK") && error.message().contains("one"), "{error}");
}
