export * from "./common.js";
export * from "./datasets.js";
export * from "./generators.js";
export * from "./rendering.js";
export * from "./scores.js";
export * from "./traces.js";
export * from "./tunix.js";
