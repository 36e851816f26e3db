import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { AppContext } from "../app-context.js";

// Swagger UI is served from its npm package by this server, so the docs open with no internet.
const SWAGGER_DIR = dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"));
const ASSETS: Record<string, string> = {
  "swagger-ui.css": "text/css; charset=utf-8",
  "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
  "favicon-32x32.png": "image/png",
};
// The page's script is a file too (no inline script), so a strict content security policy can apply.
const INIT_JS = `window.ui = SwaggerUIBundle({ url: "/api/openapi.json", dom_id: "#swagger-ui", deepLinking: true });\n`;
const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>tunix-rt API</title>
<link rel="icon" type="image/png" href="/api/docs/favicon-32x32.png">
<link rel="stylesheet" href="/api/docs/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/api/docs/swagger-ui-bundle.js"></script>
<script src="/api/docs/init.js"></script>
</body>
</html>
`;

export function registerDocsRoutes({ app }: AppContext) {
  app.doc31("/api/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "tunix-rt API",
      version: "0.1.0",
      description: "Reasoning traces, datasets and training runs. Errors are RFC 9457 problem documents.",
    },
  });
  app.get("/api/docs", (c) => c.html(PAGE));
  app.get("/api/docs/init.js", (c) =>
    c.body(INIT_JS, 200, { "content-type": "text/javascript; charset=utf-8" }),
  );
  app.get("/api/docs/:file", async (c, next) => {
    const file = c.req.param("file");
    const type = ASSETS[file];
    if (!type) return next(); // the API's own 404 problem document
    const body = await readFile(join(SWAGGER_DIR, file));
    return c.body(body, 200, { "content-type": type, "cache-control": "public, max-age=86400" });
  });
}
