import { createRequire as __iacLintRequire } from 'node:module';
const require = __iacLintRequire(import.meta.url);
import{__commonJS,__require}from"./chunk-3RUPSHTG.js";var require_node_url=__commonJS({"builtin:node:url"(exports,module){module.exports=__require("node:url")}});export{require_node_url};
