/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * resultcmds.h - the commands that run matrices and read results back:
 * `contend matrix`, `export`, `plot`, `regress` and `summary`.
 */
#ifndef CT_RESULTCMDS_H
#define CT_RESULTCMDS_H

int ct_cmd_matrix(int argc, char **argv);
int ct_cmd_export(int argc, char **argv);
int ct_cmd_plot(int argc, char **argv);
int ct_cmd_regress(int argc, char **argv);
int ct_cmd_summary(int argc, char **argv);

#endif /* CT_RESULTCMDS_H */
