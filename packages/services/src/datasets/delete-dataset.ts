import { queryRows, sql } from "@tunix-rt/db";
import { AppError } from "../app-error.js";
import { type ServiceDeps, timedWrite } from "../deps.js";
import { getDatasetRow } from "./get-dataset.js";

/** Deletes a dataset version, refused (409) while another dataset names it as its parent. */
export async function deleteDataset(deps: ServiceDeps, key: string): Promise<void> {
  const row = await getDatasetRow(deps, key);
  const children = await queryRows<{ dataset_key: string }>(
    deps.db,
    sql`SELECT dataset_key FROM datasets WHERE parent_dataset_id IN (${row.id}, ${key}) LIMIT 5`,
  );
  if (children.length) {
    throw new AppError(
      "conflict",
      `Dataset ${key} is the parent of ${children.map((c) => c.dataset_key).join(", ")}; delete those first`,
    );
  }
  const runs = await queryRows<{ id: string }>(
    deps.db,
    sql`SELECT id FROM runs WHERE dataset_id = ${row.id} LIMIT 3`,
  );
  if (runs.length) {
    throw new AppError(
      "conflict",
      `Dataset ${key} is used by run${runs.length > 1 ? "s" : ""} ${runs.map((r) => r.id).join(", ")}; runs keep the data they trained on`,
    );
  }
  await timedWrite(deps, "delete_dataset", () =>
    deps.db.execute(sql`DELETE FROM datasets WHERE id = ${row.id}`),
  );
}
