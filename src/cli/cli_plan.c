/*
 * cli_plan - `fabchart plan OLD NEW [--format text|json] [--allow-removal]`
 * and `fabchart plan --from CHART.tgz NEW`: the migration from one version
 * of a topology (a file, or the one a chart carries) to the next
 * (src/plan.h), one line per change and the commands of each change that
 * needs a step, or one JSON object.  See cli_private.h.
 *
 * Exit status: 0 every change is automatic (or none), 1 something is
 * refused (or a topology is rejected), 5 steps remain and nothing is
 * refused, 2 usage, 3 I/O.
 */
#include "cli_private.h"

#include "plan.h"

#include <stdio.h>
#include <string.h>

#define CHART_MAX ((size_t)100 << 20) /* Helm's loader: 100 MiB per chart */

const char fc_cli_plan_usage[] =
        "usage: fabchart plan OLD NEW [--format text|json] [--allow-removal]\n"
        "       fabchart plan --from CHART.tgz NEW [--format text|json] [--allow-removal]\n"
        "\n"
        "Compares two versions of a topology (both checked as `validate` checks\n"
        "them) and prints the migration, one line per change:\n"
        "  automatic  the new chart does it on `helm upgrade`\n"
        "  step       needs the commands printed after the list\n"
        "  refused    a new identity, not a change, or data that would be lost;\n"
        "             also an error at NEW's file:line:col\n"
        "A change to a channel's configuration names the admins who sign it and\n"
        "how many Fabric's policy needs.\n"
        "\n"
        "  --from CHART.tgz       OLD is the topology the chart was built from (its\n"
        "                         files/topology.yaml, checked against Chart.yaml's\n"
        "                         fabchart.dev/topology-sha256)\n"
        "  --format text|json     the plan as text (default) or one JSON object\n"
        "  --allow-removal        organizations, peers, channels and chaincodes of\n"
        "                         OLD may be gone from NEW (refused otherwise)\n"
        "  -h, --help             this help\n"
        "\n"
        "exit status: 0 every change is automatic (or there is none), 1 a change is\n"
        "refused or a topology rejected, 5 steps remain and none is refused,\n"
        "2 usage error, 3 I/O failure\n";
const struct fc_cli_option fc_cli_plan_options[] = {
        FC_CLI_OPT_VALUE("format", 0, format_name, fc_cli_check_text_json),
        FC_CLI_OPT_FLAG("allow-removal", allow_removal),
        FC_CLI_OPT_VALUE("from", 0, from, NULL),
        FC_CLI_OPT_END,
};

/* OLD: the file given, or the topology the chart of --from carries. */
int fc_cli_plan_old(struct fc_cli_run *r, const char *arg, struct fc_plan_source *old)
{
	if (!r->opt.from) {
		old->name = arg;
		return fc_cli_read_input(r, arg, FC_CLI_INPUT_MAX, &old->text, &old->len);
	}
	const char *tgz;
	size_t len;
	if (fc_cli_read_input(r, r->opt.from, CHART_MAX, &tgz, &len) != 0)
		return -1;
	return fc_plan_chart_topology(&r->arena, r->opt.from, tgz, len, old, &r->diags);
}

static void json_str(struct fc_strbuf *sb, const char *s)
{
	fc_strbuf_add_json_string(sb, s, strlen(s));
}

static void signers_text(struct fc_strbuf *sb, const struct fc_plan_change *ch)
{
	for (size_t k = 0; k < ch->signer_sets; k++) {
		const struct fc_plan_signers *s = &ch->signers[k];
		fc_strbuf_addf(sb, "%11s%s: %zu of ", "",
		               ch->approvals_policy ? "approvals" : "signatures", s->needed);
		for (size_t i = 0; i < s->count; i++)
			fc_strbuf_addf(sb, "%s%s", i ? ", " : "", s->msp_ids[i]);
		fc_strbuf_addf(sb, " (%s: %s", s->policy, s->rule);
		if (ch->channel)
			fc_strbuf_addf(sb, ", channel '%s'", ch->channel);
		else
			fc_strbuf_addstr(sb, ", on every channel");
		fc_strbuf_addstr(sb, ")\n");
	}
}

void fc_cli_plan_text(struct fc_strbuf *sb, const struct fc_plan *plan)
{
	if (plan->count == 0) {
		fc_strbuf_addstr(sb, "no changes\n");
		return;
	}
	for (size_t i = 0; i < plan->count; i++) {
		const struct fc_plan_change *ch = &plan->changes[i];
		fc_strbuf_addf(sb, "%-10s %s: %s", fc_plan_class_name(ch->cls), ch->subject,
		               ch->text);
		if (ch->code)
			fc_strbuf_addf(sb, " [%s]", ch->code);
		fc_strbuf_addch(sb, '\n');
		signers_text(sb, ch);
	}
	size_t n = 0;
	for (size_t i = 0; i < plan->count; i++) {
		const struct fc_plan_change *ch = &plan->changes[i];
		if (ch->cls != FC_PLAN_STEP)
			continue;
		fc_strbuf_addf(sb, "\nstep %zu: %s: %s\n", ++n, ch->subject, ch->text);
		for (size_t j = 0; j < ch->command_count; j++)
			fc_strbuf_addf(sb, "  %s\n", ch->commands[j]);
	}
	size_t pending = 0; /* automatic changes of a channel's configuration */
	for (size_t i = 0; i < plan->count; i++)
		pending +=
		        plan->changes[i].cls == FC_PLAN_AUTOMATIC && plan->changes[i].signer_sets;
	if (pending)
		fc_strbuf_addf(
		        sb,
		        "\nnote: %zu automatic change%s a config update or chaincode approvals: "
		        "a chart built with `fabchart build NEW --from CHART.tgz` makes the "
		        "config updates in post-upgrade Jobs, its chaincode Jobs the approvals; "
		        "the signatures above are what they need\n",
		        pending, pending == 1 ? " needs" : "s need");
	fc_strbuf_addf(sb, "\n%zu change%s: %zu automatic, %zu step%s, %zu refused\n", plan->count,
	               plan->count == 1 ? "" : "s", plan->automatic, plan->steps,
	               plan->steps == 1 ? "" : "s", plan->refused);
}

static void plan_json(struct fc_strbuf *sb, const struct fc_plan *plan)
{
	fc_strbuf_addstr(sb, "\"changes\":[");
	for (size_t i = 0; i < plan->count; i++) {
		const struct fc_plan_change *ch = &plan->changes[i];
		fc_strbuf_addf(sb, "%s{\"class\":\"%s\",\"subject\":", i ? "," : "",
		               fc_plan_class_name(ch->cls));
		json_str(sb, ch->subject);
		fc_strbuf_addstr(sb, ",\"text\":");
		json_str(sb, ch->text);
		if (ch->code) {
			fc_strbuf_addstr(sb, ",\"code\":");
			json_str(sb, ch->code);
			fc_strbuf_addstr(sb, ",\"file\":");
			json_str(sb, ch->pos.file ? ch->pos.file : "");
			fc_strbuf_addf(sb, ",\"line\":%u,\"column\":%u", ch->pos.line, ch->pos.col);
		}
		if (ch->channel) {
			fc_strbuf_addstr(sb, ",\"channel\":");
			json_str(sb, ch->channel);
		}
		fc_strbuf_addstr(sb, ",\"signatures\":[");
		for (size_t k = 0; k < ch->signer_sets; k++) {
			const struct fc_plan_signers *s = &ch->signers[k];
			fc_strbuf_addf(sb, "%s{\"policy\":", k ? "," : "");
			json_str(sb, s->policy);
			fc_strbuf_addstr(sb, ",\"rule\":");
			json_str(sb, s->rule);
			fc_strbuf_addf(sb, ",\"needed\":%zu,\"of\":[", s->needed);
			for (size_t j = 0; j < s->count; j++) {
				if (j)
					fc_strbuf_addch(sb, ',');
				json_str(sb, s->msp_ids[j]);
			}
			fc_strbuf_addstr(sb, "]}");
		}
		fc_strbuf_addstr(sb, "],\"commands\":[");
		for (size_t j = 0; j < ch->command_count; j++) {
			if (j)
				fc_strbuf_addch(sb, ',');
			json_str(sb, ch->commands[j]);
		}
		fc_strbuf_addstr(sb, "]}");
	}
	fc_strbuf_addf(sb, "],\"automatic\":%zu,\"steps\":%zu,\"refused\":%zu,", plan->automatic,
	               plan->steps, plan->refused);
}

int fc_cli_run_plan(struct fc_cli_run *r, int nargs, char **args)
{
	int want = r->opt.from ? 1 : 2;
	if (nargs != want)
		return fc_cli_usage_error(fc_cli_plan_usage, "%s",
		                          r->opt.from ? "with --from, give the NEW topology alone"
		                          : nargs < 2 ? "give the OLD and the NEW topology"
		                                      : "give exactly two topology files");
	const char *new_file = args[want - 1];
	const char *new_text;
	size_t new_len;
	struct fc_plan_source old = {args[0], NULL, 0};
	struct fc_plan plan = {0};
	struct fc_plan_options popt = {.allow_removal = r->opt.allow_removal};
	bool planned = false;
	if (fc_cli_plan_old(r, args[0], &old) == 0 &&
	    fc_cli_read_input(r, new_file, FC_CLI_INPUT_MAX, &new_text, &new_len) == 0) {
		/* carets for NEW, where refused changes point */
		r->source_file = new_file;
		r->source = new_text;
		r->source_len = new_len;
		planned = fc_plan_topologies(&r->arena, old.name, old.text, old.len, new_file,
		                             new_text, new_len, &popt, &plan, &r->diags) == 0;
	}
	int status = fc_cli_exit_status(&r->diags);
	if (planned && status == FC_EXIT_OK && plan.steps)
		status = FC_EXIT_STEPS;
	struct fc_strbuf sb = FC_STRBUF_INIT;
	if (r->opt.json) {
		fc_diags_sort(&r->diags);
		fc_strbuf_addf(&sb, "{\"command\":\"plan\",\"ok\":%s,\"exit\":%d,\"old\":",
		               status == FC_EXIT_OK ? "true" : "false", status);
		json_str(&sb, old.name);
		fc_strbuf_addstr(&sb, ",\"new\":");
		json_str(&sb, new_file);
		fc_strbuf_addch(&sb, ',');
		if (planned)
			plan_json(&sb, &plan);
		fc_diags_format_json_members(&sb, &r->diags);
		fc_strbuf_addstr(&sb, "}\n");
	} else {
		fc_cli_print_diagnostics(r);
		if (planned)
			fc_cli_plan_text(&sb, &plan);
	}
	if (fwrite(sb.buf, 1, sb.len, stdout) != sb.len)
		status = FC_EXIT_IO;
	fc_strbuf_release(&sb);
	return status;
}
