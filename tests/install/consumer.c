/*
 * A downstream program built only from an installed numabind: loads the hwloc
 * XML topology named on the command line and prints the CPUs local rank 0
 * should use in node mode, as a list string ("2-3,6-7").
 */
#include <numabind.h>

#include <stdio.h>

static int fail(const char *what, nb_status status)
{
    fprintf(stderr, "consumer: %s: %s (%s)\n", what, nb_status_name(status), nb_last_error());
    return 1;
}

int main(int argc, char **argv)
{
    nb_topology *topology = NULL;
    nb_options *options = NULL;
    nb_cpuset *cpus = NULL;
    char *list = NULL;
    nb_status status;
    int rc = 1;

    if (argc != 2) {
        fprintf(stderr, "usage: %s TOPOLOGY.xml\n", argv[0]);
        return 2;
    }
    /* Header and library must come from the same install. */
    if (nb_version_number() != NB_VERSION_NUMBER) {
        fprintf(stderr, "consumer: header %d but library %s\n", NB_VERSION_NUMBER,
                nb_version_string());
        return 1;
    }
    if ((status = nb_topology_load_xml(&topology, argv[1])) != NB_OK) {
        return fail("nb_topology_load_xml", status);
    }
    if ((status = nb_options_new(&options)) != NB_OK) {
        rc = fail("nb_options_new", status);
    } else if ((status = nb_options_set_mode(options, NB_MODE_NODE)) != NB_OK) {
        rc = fail("nb_options_set_mode", status);
    } else if ((status = nb_compute_cpuset(&cpus, topology, options, 0)) != NB_OK) {
        rc = fail("nb_compute_cpuset", status);
    } else if ((status = nb_cpuset_format(&list, cpus)) != NB_OK) {
        rc = fail("nb_cpuset_format", status);
    } else {
        printf("%s\n", list);
        rc = 0;
    }
    nb_free(list);
    nb_cpuset_free(cpus);
    nb_options_free(options);
    nb_topology_free(topology);
    return rc;
}
