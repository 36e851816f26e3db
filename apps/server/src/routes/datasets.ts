import {
  BuildDatasetBody,
  BuildDatasetResponse,
  DatasetDetail,
  DatasetExamplesQuery,
  DatasetExamplesResponse,
  DatasetTokensQuery,
  DatasetTokensResponse,
  ExportDatasetQuery,
  ListDatasetsQuery,
  ListDatasetsResponse,
  PreviewDatasetBody,
  PreviewDatasetResponse,
} from "@tunix-rt/contracts";
import {
  buildDataset,
  datasetExamples,
  datasetMembers,
  datasetTokens,
  deleteDataset,
  exportDatasetLines,
  getDataset,
  getDatasetRow,
  listDatasets,
  previewDataset,
} from "@tunix-rt/services";
import { z } from "zod";
import type { AppContext } from "../app-context.js";
import { ndjsonResponse } from "../http/ndjson-response.js";
import { parseQuery } from "../http/parse-query.js";
import { parseJsonBody } from "../http/read-body.js";
import { describe } from "./describe.js";

const BODY_MAX = 1024 * 1024;
const key = z.object({ key: z.string() });

export function registerDatasetRoutes({ app, deps }: AppContext) {
  describe(
    app,
    "post",
    "/api/datasets/build",
    "Freeze a selection of traces into a new immutable dataset version",
    {
      body: BuildDatasetBody,
      status: 201,
      response: BuildDatasetResponse,
    },
  );
  app.post("/api/datasets/build", async (c) =>
    c.json(
      await buildDataset(
        deps,
        await parseJsonBody(c.req.raw, BuildDatasetBody, "dataset build request", BODY_MAX),
      ),
      201,
    ),
  );

  describe(
    app,
    "post",
    "/api/datasets/preview",
    "Count the traces a build request would select, without building",
    {
      body: BuildDatasetBody,
      response: PreviewDatasetResponse,
    },
  );
  app.post("/api/datasets/preview", async (c) =>
    c.json(
      await previewDataset(
        deps,
        await parseJsonBody(c.req.raw, PreviewDatasetBody, "dataset build request", BODY_MAX),
      ),
    ),
  );

  describe(app, "get", "/api/datasets", "List dataset versions, newest first", {
    query: ListDatasetsQuery,
    response: ListDatasetsResponse,
  });
  app.get("/api/datasets", async (c) => c.json(await listDatasets(deps, parseQuery(c, ListDatasetsQuery))));

  describe(app, "get", "/api/datasets/{key}", "A dataset's manifest, statistics and split sizes", {
    params: key,
    response: DatasetDetail,
  });
  app.get("/api/datasets/:key", async (c) => c.json(await getDataset(deps, c.req.param("key"))));

  describe(
    app,
    "get",
    "/api/datasets/{key}/manifest.json",
    "The seed-format manifest including every trace id, streamed",
    { params: key },
  );
  app.get("/api/datasets/:key/manifest.json", async (c) => {
    const detail = await getDataset(deps, c.req.param("key"));
    const row = await getDatasetRow(deps, detail.dataset_key);
    const { request: _request, ...head } = detail;
    async function* parts() {
      const open = JSON.stringify({ ...head, trace_count: detail.trace_count }, null, 2);
      yield `${open.slice(0, -2)},\n  "trace_ids": [`;
      let first = true;
      for await (const t of datasetMembers(deps, row.id)) {
        yield `${first ? "" : ","}\n    "${t.id}"`;
        first = false;
      }
      yield "\n  ]\n}\n";
    }
    return ndjsonResponse(parts(), undefined, { "content-type": "application/json; charset=utf-8" });
  });

  describe(
    app,
    "get",
    "/api/datasets/{key}/export.jsonl",
    "Stream the dataset as NDJSON: trace | tunix_sft | training_example | chat",
    {
      params: key,
      query: ExportDatasetQuery,
      contentType: "application/x-ndjson",
    },
  );
  app.get("/api/datasets/:key/export.jsonl", async (c) => {
    const q = parseQuery(c, ExportDatasetQuery);
    const { lines, traceCount } = await exportDatasetLines(deps, c.req.param("key"), q);
    const name = `${c.req.param("key")}${q.split ? `-${q.split}` : ""}-${q.format}.jsonl`;
    return ndjsonResponse(lines, name, { "x-trace-count": String(traceCount) });
  });

  describe(
    app,
    "get",
    "/api/datasets/{key}/examples",
    "Sample examples as the model sees them: masked prompt, trained completion, tokens",
    {
      params: key,
      query: DatasetExamplesQuery,
      response: DatasetExamplesResponse,
    },
  );
  app.get("/api/datasets/:key/examples", async (c) =>
    c.json(await datasetExamples(deps, c.req.param("key"), parseQuery(c, DatasetExamplesQuery))),
  );

  describe(
    app,
    "get",
    "/api/datasets/{key}/tokens",
    "Gemma 3 token statistics, histogram and truncation count for a max_seq_length",
    {
      params: key,
      query: DatasetTokensQuery,
      response: DatasetTokensResponse,
    },
  );
  app.get("/api/datasets/:key/tokens", async (c) =>
    c.json(await datasetTokens(deps, c.req.param("key"), parseQuery(c, DatasetTokensQuery))),
  );

  describe(
    app,
    "delete",
    "/api/datasets/{key}",
    "Delete a dataset version (409 while another dataset refers to it)",
    { params: key, status: 204 },
  );
  app.delete("/api/datasets/:key", async (c) => {
    await deleteDataset(deps, c.req.param("key"));
    return c.body(null, 204);
  });
}
