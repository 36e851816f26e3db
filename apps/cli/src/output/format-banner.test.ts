import { describe, expect, it } from "vitest";
import { formatBanner } from "./format-banner.js";

describe("the serve banner", () => {
  it("says where the product is, what it stores in, and who trains", () => {
    const lines = formatBanner({
      url: "http://127.0.0.1:8000",
      database: "embedded PGlite in data/db",
      dataDir: "data",
      workerTrainers: ["jax", "tunix"],
    });
    expect(lines).toContain("  tunix-rt is running at http://127.0.0.1:8000");
    expect(lines).toContain("  API docs   http://127.0.0.1:8000/api/docs");
    expect(lines).toContain("  database   embedded PGlite in data/db");
    expect(lines).toContain("  worker     in-process, trainers: jax, tunix");
  });

  it("points to worker processes when the server runs none", () => {
    const lines = formatBanner({ url: "u", database: "Postgres server", dataDir: "d", workerTrainers: null });
    expect(lines).toContain("  worker     none in this process (start `tunix-rt worker` processes)");
  });
});
