export { createApp, type App, type AppDeps } from "./create-app.js";
export { startServer, type RunningServer } from "./start-server.js";
export { ConfigError, loadServerConfig, ServerConfig, type ServerConfigInput } from "./config.js";
