import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// In development the API runs separately (`npx tunix-rt serve --port 8000`); Vite proxies to it so
// the app always talks to its own origin, exactly as it does when the server serves the built files.
const api = "http://127.0.0.1:8000";

export default defineConfig({
  plugins: [react()],
  server: {
    port: 5173,
    proxy: { "/api": api, "/metrics": api },
  },
  build: { outDir: "dist", emptyOutDir: true, sourcemap: true },
});
