import { createRequire as __iacLintRequire } from 'node:module';
const require = __iacLintRequire(import.meta.url);
import{__commonJS,__require}from"./chunk-3RUPSHTG.js";var require_promises=__commonJS({"builtin:node:fs/promises"(exports,module){module.exports=__require("node:fs/promises")}});export{require_promises};
