/**
 * Property and fuzz tests run with a fixed seed, so a run is reproducible and
 * CI cannot turn red on a counterexample nobody can replay. `FC_SEED=random`
 * draws a fresh seed (fast-check prints it on failure); `FC_SEED=<n>` replays one.
 */
import fc from 'fast-check';

const seed = process.env.FC_SEED;
if (seed !== 'random') fc.configureGlobal({ seed: seed ? Number(seed) : 20261126 });
