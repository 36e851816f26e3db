import { existsSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { serveStatic } from "@hono/node-server/serve-static";
import type { AppContext } from "../app-context.js";

export const DEFAULT_WEB_DIR = fileURLToPath(new URL("../../../web/dist", import.meta.url));

/** Serves the built web app; any other non-API path gets index.html so client routes deep-link. */
export function registerWebRoutes({ app, config }: AppContext) {
  const webDir = config.webDir ?? DEFAULT_WEB_DIR;
  const index = join(webDir, "index.html");
  if (!existsSync(index)) {
    app.get("*", (c) =>
      c.html(
        `<!doctype html><title>tunix-rt</title><p>The web UI is not built. Run <code>npm run build</code> (or <code>npm start</code>, which builds it), then reload. The API is at <a href="/api/docs">/api/docs</a>.</p>`,
        503,
      ),
    );
    return;
  }
  const html = readFileSync(index, "utf8");
  app.use("/assets/*", serveStatic({ root: relative(process.cwd(), webDir) }));
  app.get("/favicon.svg", serveStatic({ root: relative(process.cwd(), webDir) }));
  app.get("*", (c) => c.html(html));
}
