import { join } from "node:path";
import {
  TunixManifestBody,
  TunixManifestResponse,
  TunixSftExportBody,
  TunixStatusResponse,
} from "@tunix-rt/contracts";
import {
  AppError,
  dumpYaml,
  exportDatasetLines,
  exportSourceLines,
  exportTraceIdLines,
  getDatasetRow,
  materializeExport,
  parseTraceIds,
} from "@tunix-rt/services";
import { z } from "zod";
import type { AppContext } from "../app-context.js";
import { ndjsonResponse } from "../http/ndjson-response.js";
import { parseQuery } from "../http/parse-query.js";
import { parseJsonBody } from "../http/read-body.js";
import { describe } from "./describe.js";

const BODY_MAX = 2 * 1024 * 1024;

async function* limitLines(lines: AsyncGenerator<string>, limit: number) {
  let n = 0;
  for await (const line of lines) {
    if (n++ >= limit) break;
    yield line;
  }
  await lines.return(undefined);
}

async function* fromArray(lines: string[]) {
  yield* lines;
}

export function registerTunixExportRoutes({ app, deps, config, trainerHost }: AppContext) {
  describe(app, "get", "/api/tunix/status", "Tunix runtime availability (seed shape)", {
    response: TunixStatusResponse,
  });
  app.get("/api/tunix/status", async (c) => {
    const status = await trainerHost.status();
    const tunix = "backends" in status ? status.backends.tunix : undefined;
    const available = Boolean(tunix?.available);
    // The seed's two messages, verbatim, then why (or what runs without Tunix).
    const message = available
      ? "Tunix runtime is available. Supports dry-run validation and local execution. Use POST /api/tunix/run with dry_run=false to execute training runs locally."
      : `Tunix runtime not installed. Dry-run mode available for validation. Install Tunix for local execution: pip install -e '.[tunix]' (${"error" in status ? status.error : (tunix?.reason ?? "unknown")}; the jax trainer runs without it)`;
    return c.json({
      available,
      version: tunix?.version ?? null,
      runtime_required: !available,
      message,
      backends: "backends" in status ? status.backends : {},
    });
  });

  describe(
    app,
    "post",
    "/api/tunix/sft/export",
    "Tunix SFT NDJSON of a dataset or of given traces (seed path)",
    {
      body: TunixSftExportBody,
      contentType: "application/x-ndjson",
    },
  );
  app.post("/api/tunix/sft/export", async (c) => {
    const b = await parseJsonBody(c.req.raw, TunixSftExportBody, "export request", BODY_MAX);
    const opts = { responseStyle: b.response_style, systemInstruction: b.system_instruction };
    if (b.dataset_key) {
      const { lines } = await exportDatasetLines(deps, b.dataset_key, {
        format: "tunix_sft",
        response_style: b.response_style,
        system_instruction: b.system_instruction,
      });
      return ndjsonResponse(limitLines(lines, b.limit), `${b.dataset_key}.jsonl`);
    }
    if (b.trace_ids?.length) {
      const lines = await exportTraceIdLines(deps, parseTraceIds(b.trace_ids), "tunix_sft", b.limit, opts);
      return ndjsonResponse(fromArray(lines), "tunix_sft.jsonl");
    }
    throw new AppError("bad_request", "Either dataset_key or trace_ids must be provided");
  });

  describe(
    app,
    "post",
    "/api/tunix/sft/manifest",
    "A Tunix SFT manifest (seed YAML layout) whose dataset path really exists",
    {
      body: TunixManifestBody,
      status: 201,
      response: TunixManifestResponse,
    },
  );
  app.post("/api/tunix/sft/manifest", async (c) => {
    const b = await parseJsonBody(c.req.raw, TunixManifestBody, "manifest request", BODY_MAX);
    const row = await getDatasetRow(deps, b.dataset_key);
    const datasetPath = await materializeExport(
      deps,
      row.dataset_key,
      { format: "tunix_sft", response_style: "numbered" },
      join(config.dataDir, "exports", row.id),
    );
    const manifest_yaml = dumpYaml({
      version: "1.0",
      runner: "tunix",
      mode: "sft",
      model: { model_id: b.model_id },
      dataset: { format: "tunix_sft", path: datasetPath },
      training: {
        learning_rate: { float: b.learning_rate },
        num_epochs: b.num_epochs,
        batch_size: b.batch_size,
        max_seq_length: b.max_seq_length,
        ...(b.device ? { device: b.device } : {}),
      },
      output: { output_dir: b.output_dir },
    });
    return c.json(
      {
        manifest_yaml,
        dataset_key: b.dataset_key,
        model_id: b.model_id,
        format: "tunix_sft" as const,
        message: `Manifest generated for dataset ${b.dataset_key}. Save as YAML and execute with Tunix CLI.`,
        dataset_path: datasetPath,
      },
      201,
    );
  });

  const UngarExportQuery = z.object({
    limit: z.coerce.number().int().min(1).max(10_000).default(100),
    trace_ids: z.string().max(400_000).optional(),
  });
  describe(
    app,
    "get",
    "/api/ungar/high-card-duel/export.jsonl",
    "High Card Duel traces as NDJSON (seed path)",
    {
      query: UngarExportQuery,
      contentType: "application/x-ndjson",
    },
  );
  app.get("/api/ungar/high-card-duel/export.jsonl", async (c) => {
    const q = parseQuery(c, UngarExportQuery);
    if (q.trace_ids) {
      const ids = parseTraceIds(
        q.trace_ids
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean),
        "query/trace_ids",
      );
      const lines = (await exportTraceIdLines(deps, ids, "trace", q.limit)).filter((l) =>
        l.includes('"source": "ungar"'),
      );
      return ndjsonResponse(fromArray(lines));
    }
    return ndjsonResponse(fromArray(await exportSourceLines(deps, "ungar", q.limit, "trace")));
  });
}
