#!/usr/bin/env node
// The one `tunix-rt` binary. Sources are TypeScript run through tsx, so there is no build step.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../src/main.ts");
await main(process.argv);
