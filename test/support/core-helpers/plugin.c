/* A stand-in for a VPP plugin: a shared object the helper dlopen()s from a vpp_plugins/ directory. */
int pathviz_test_plugin_marker(void) { return 42; }
