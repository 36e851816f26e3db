import type { Command } from "commander";
import { formatBytes } from "../output/format-runs.js";
import { dispositionFilename, saveResponse } from "./runs/download-command.js";
import { withServerOptions } from "./server-options.js";
import { type TracesContext, tracesAction } from "./traces/cli-context.js";

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

/** "arith@3" or "arith@production" → name and version-or-alias (default: latest). */
function split(ref: string): { name: string; at: string | null } {
  const at = ref.lastIndexOf("@");
  return at === -1 ? { name: ref, at: null } : { name: ref.slice(0, at), at: ref.slice(at + 1) };
}

async function list(ctx: TracesContext) {
  const r = await ctx.client.models.list();
  if (ctx.json) await ctx.printJson(r);
  else
    await ctx.lines(
      r.data.length
        ? r.data.map((m) => {
            const aliases = Object.entries(m.aliases).map(([a, v]) => `${a}→${v}`);
            return `${m.name}  ${m.version_count} version${m.version_count === 1 ? "" : "s"}, latest ${m.latest.version}${aliases.length ? `  (${aliases.join(", ")})` : ""}`;
          })
        : ["no models registered; promote a checkpoint with `tunix-rt models promote NAME --run ID`"],
    );
  return 0;
}

async function show(ctx: TracesContext, [ref]: string[]) {
  const { name, at } = split(ref!);
  if (at) {
    const v = await ctx.client.models.version(name, at);
    if (ctx.json) await ctx.printJson(v);
    else {
      const l = v.lineage;
      await ctx.lines([
        `${v.ref}  ${v.aliases.length ? `(${v.aliases.join(", ")})  ` : ""}sha256 ${v.sha256}`,
        `  from run ${l.run.id}${l.run.name ? ` "${l.run.name}"` : ""} ${v.checkpoint} (${l.run.trainer}, ${l.run.model_id})`,
        `  trained on ${l.dataset.key}${l.dataset.content_hash ? ` (content ${l.dataset.content_hash.slice(0, 12)})` : ""}`,
        `  ${v.file_count} files, ${formatBytes(v.size_bytes)}; promoted ${v.created_at}`,
        ...l.evaluations.map(
          (e) =>
            `  ${e.eval_set}: ${pct(e.accuracy)} [${pct(e.ci95[0])}–${pct(e.ci95[1])}] n=${e.n}${e.contaminated_items ? ` ⚑${e.contaminated_items} seen in training` : ""}`,
        ),
      ]);
    }
    return 0;
  }
  const m = await ctx.client.models.get(name);
  if (ctx.json) await ctx.printJson(m);
  else
    await ctx.lines(
      m.versions.map(
        (v) =>
          `${v.ref}  ${v.checkpoint} of run ${v.run_id}  ${v.sha256.slice(0, 12)}${v.aliases.length ? `  (${v.aliases.join(", ")})` : ""}`,
      ),
    );
  return 0;
}

async function promote(
  ctx: TracesContext,
  [name]: string[],
  o: {
    run?: string;
    checkpoint?: string;
    alias?: string[];
    description?: string;
    best?: string;
    metric?: string;
    yes?: boolean;
  },
) {
  if (o.best) {
    const r = await ctx.client.models.promoteBest(name!, {
      eval_set: o.best,
      metric: (o.metric ?? "accuracy") as "accuracy",
      promote: o.yes === true,
      aliases: o.alias ?? [],
      description: o.description,
    });
    if (ctx.json) await ctx.printJson(r);
    else {
      const b = r.best;
      const lines = [
        `best on ${r.eval_set} by ${r.metric}: ${b.model}  ${pct(b.accuracy)} [${pct(b.ci95[0])}–${pct(b.ci95[1])}] n=${b.n}${b.contaminated_items ? ` ⚑${b.contaminated_items}` : ""}`,
      ];
      if (r.runner_up)
        lines.push(
          `  ahead of ${r.runner_up.model} by ${(100 * r.runner_up.difference).toFixed(1)} points [${(100 * r.runner_up.ci95[0]).toFixed(1)} to ${(100 * r.runner_up.ci95[1]).toFixed(1)}], McNemar p = ${r.runner_up.mcnemar_p.toPrecision(3)}${r.runner_up.conclusion === "candidate_better" ? "" : " (not shown to be better beyond noise)"}`,
        );
      lines.push(
        r.promoted
          ? `promoted as ${r.promoted.ref}${r.promoted.created ? "" : " (that content was already this version)"}`
          : "not promoted: add --yes to promote it",
      );
      await ctx.lines(lines);
    }
    return 0;
  }
  if (!o.run) throw new Error("give --run ID (and optionally --checkpoint), or --best EVAL_SET");
  const v = await ctx.client.models.promote(name!, {
    run_id: o.run,
    checkpoint: o.checkpoint ?? "final",
    aliases: o.alias ?? [],
    description: o.description,
  });
  if (ctx.json) await ctx.printJson(v);
  else
    await ctx.lines([
      v.created
        ? `promoted ${v.checkpoint} of run ${v.run_id} as ${v.ref} (sha256 ${v.sha256.slice(0, 12)}, ${formatBytes(v.size_bytes)})`
        : `already registered: ${v.ref} holds the same content (sha256 ${v.sha256.slice(0, 12)})`,
      ...(v.aliases.length ? [`aliases: ${v.aliases.join(", ")}`] : []),
    ]);
  return 0;
}

async function alias(ctx: TracesContext, [name, aliasName, version]: string[], o: { delete?: boolean }) {
  if (o.delete) await ctx.client.models.deleteAlias(name!, aliasName!);
  else {
    if (!version || !/^\d+$/.test(version))
      throw new Error("give the version number the alias should point at");
    await ctx.client.models.setAlias(name!, aliasName!, Number(version));
  }
  const m = await ctx.client.models.get(name!);
  if (ctx.json) await ctx.printJson(m);
  else
    await ctx.lines([
      `${name}: ${
        Object.entries(m.aliases)
          .map(([a, v]) => `${a}→${v}`)
          .join(", ") || "no aliases"
      }`,
    ]);
  return 0;
}

async function download(ctx: TracesContext, [ref]: string[], o: { output?: string }) {
  const { name, at } = split(ref!);
  const res = await fetch(
    ctx.client.models.downloadUrl(name, at ?? (await ctx.client.models.get(name)).versions[0]!.version),
  );
  if (!res.ok)
    throw new Error(
      `${res.status}: ${((await res.json().catch(() => ({}))) as { detail?: string }).detail ?? res.statusText}`,
    );
  const output = o.output ?? dispositionFilename(res.headers.get("content-disposition")) ?? `${name}.tar`;
  const { bytes } = await saveResponse(ctx, res, output);
  if (ctx.json) {
    if (output !== "-") await ctx.printJson({ model: ref, output, bytes });
  } else if (output !== "-") await ctx.lines([`downloaded ${ref} (${formatBytes(bytes)}) to ${output}`]);
  return 0;
}

const collect = (v: string, prev: string[] = []) => [...prev, v];

/** `tunix-rt models …`: the model registry. */
export function registerModelsCommands(program: Command) {
  const models = withServerOptions(
    program
      .command("models")
      .description("Model registry: promote checkpoints to named versions, move aliases, download"),
  );
  models
    .command("list")
    .description("Registered models with their latest version and aliases")
    .action(tracesAction(list));
  models
    .command("show")
    .description("A model's versions, or one version's lineage (NAME@VERSION or NAME@ALIAS)")
    .argument("<ref>", "NAME, NAME@VERSION or NAME@ALIAS")
    .action(tracesAction(show));
  models
    .command("promote")
    .description(
      "Promote a run's checkpoint to a version of NAME; --best EVAL_SET picks the best and shows the evidence",
    )
    .argument("<name>", "model name")
    .option("--run <id>", "the completed training run")
    .option("--checkpoint <ckpt>", "final (default), best, or a step")
    .option(
      "--best <eval_set>",
      "pick the best trained checkpoint on this eval set instead (shown; --yes promotes)",
    )
    .option("--metric <figure>", "with --best: accuracy (default) or format_rate")
    .option("--yes", "with --best: promote it")
    .option("--alias <name>", "point this alias at the version; repeatable", collect)
    .option("--description <text>", "what this version is")
    .action(tracesAction(promote));
  models
    .command("alias")
    .description("Point an alias at a version (NAME ALIAS VERSION), or remove it with --delete")
    .argument("<name>", "model name")
    .argument("<alias>", "alias, e.g. production")
    .argument("[version]", "version number")
    .option("--delete", "remove the alias")
    .action(tracesAction(alias));
  models
    .command("download")
    .description("Download a version's files as a tar (NAME, NAME@VERSION or NAME@ALIAS; default the latest)")
    .argument("<ref>", "NAME[@VERSION|@ALIAS]")
    .option("-o, --output <file>", "where to write it; - for stdout (default: NAME-vN.tar)")
    .action(tracesAction(download));
}
