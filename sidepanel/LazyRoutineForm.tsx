import { useEffect, useState } from 'preact/hooks';
import type { ComponentProps, FunctionComponent } from 'preact';
import type { RoutineForm as Form } from './RoutineForm';

type Props = ComponentProps<typeof Form>;

/**
 * The routine form checks and previews schedules with the routine store's own schema (zod) and
 * croner; both load when the form opens, so the panel does not carry them on every start.
 */
let loaded: FunctionComponent<Props> | undefined;

export function RoutineForm(props: Props) {
  const [Loaded, setLoaded] = useState<FunctionComponent<Props> | undefined>(() => loaded);
  useEffect(() => {
    if (!Loaded) void import('./RoutineForm').then((module) => setLoaded(() => (loaded = module.RoutineForm)));
  }, [Loaded]);
  return Loaded ? <Loaded {...props} /> : <p role="status">Loading the form…</p>;
}
