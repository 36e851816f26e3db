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
  await timedWrite(deps, "delete_dataset", () =>
    deps.db.execute(sql`DELETE FROM datasets WHERE id = ${row.id}`),
  );
}
