import type { CourseModule } from "./content-schema.ts";

export interface ModuleState {
  openedAt: number;
  completedAt: number | null;
}

export interface CourseProgress {
  total: number;
  completed: number;
  percent: number;
  /** The first module not yet complete, in course order: where "Continue" goes. */
  next: CourseModule | undefined;
  allComplete: boolean;
}

export function summarizeProgress(
  modules: readonly CourseModule[],
  states: ReadonlyMap<string, ModuleState>,
): CourseProgress {
  const completed = modules.filter((m) => states.get(m.id)?.completedAt != null).length;
  const total = modules.length;
  return {
    total,
    completed,
    percent: total === 0 ? 0 : Math.round((completed / total) * 100),
    next: modules.find((m) => states.get(m.id)?.completedAt == null),
    allComplete: total > 0 && completed === total,
  };
}

/** The module after `moduleId` in the worker's list, if any. */
export function moduleAfter(modules: readonly CourseModule[], moduleId: string) {
  const i = modules.findIndex((m) => m.id === moduleId);
  return i >= 0 ? modules[i + 1] : undefined;
}
