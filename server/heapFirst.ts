/**
 * Applies limitHeapGrowth (memory.ts) as soon as it is imported. The app's entry points
 * (main.ts, cluster.ts, the bench's app process) import it before anything else: ES
 * modules run in the order they are imported, so the flag is set before the rest of the
 * app's modules run. Loading them fills the heap to ~50 MB, and the full collection that
 * brings on sizes the old generation for what follows; set only later (in start()), that
 * collection used V8's own growth (up to 4×: a limit of ~110 MB), and the heap grew to it
 * while certificates were e-mailed before the 1.5× rule applied at the next one.
 */
import { limitHeapGrowth } from './memory.js';

limitHeapGrowth();
