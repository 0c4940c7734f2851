/**
 * The waves in which CloudFormation creates a template's `AWS::Glue::Integration` resources: wave 1
 * depends on no other integration, wave k on at least one of wave k-1. Shared by the tests and the benchmark.
 *
 * @param resources a template's `Resources`
 * @returns the integrations' logical ids, per wave
 */
export function integrationWaves(resources: Record<string, { Type: string; DependsOn?: string[] }>): string[][] {
  const ids = Object.keys(resources).filter(id => resources[id].Type === 'AWS::Glue::Integration');
  const wave = new Map<string, number>();
  const waveOf = (id: string): number => {
    if (!wave.has(id)) {
      const ahead = (resources[id].DependsOn ?? []).filter(dependency => ids.includes(dependency));
      wave.set(id, 1 + Math.max(0, ...ahead.map(waveOf)));
    }
    return wave.get(id)!;
  };
  const waves: string[][] = [];
  for (const id of ids) {
    (waves[waveOf(id) - 1] ??= []).push(id);
  }
  return waves;
}
