#include "labcheck.h"
int lc_batch(const struct lc_check *check, const struct lc_options *opts, const char *dir,
             const char *csv_path, long jobs) { (void)check; (void)opts; (void)dir; (void)csv_path; (void)jobs; return 1; }
