export { ConfigError, loadServerConfig, ServerConfig, type ServerConfigInput } from "./config.js";
export { type App, type AppDeps, createApp } from "./create-app.js";
export { type RunningServer, startServer } from "./start-server.js";
