export * from "./common.js";
export * from "./traces.js";
export * from "./scores.js";
