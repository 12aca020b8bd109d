// Public API of the scenario format: loadScenario and the types it returns.

export { loadScenario } from './load';
export { formatScenarioError, type ScenarioError, type LoadResult } from './errors';
export { SCENARIO_ROOT, repoPath, type Scenario, type ScenarioFile, type LoadedPod } from './types';
export { scenarioSchema, variantSchema, type ScenarioDoc, type Provenance, type NodeSpec, type ImageSpec, type ProcessSpec, type ServiceSpec, type PodEntry } from './schema';
export { podManifest, type PodManifest, type ContainerSpec, type ContainerStatus } from './manifest';
export { parseYaml, loadManifest } from './yaml';
