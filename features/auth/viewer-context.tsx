'use client';

import { createContext, useContext, type ReactNode } from 'react';
import { hasRole, type Requirement, type Role } from '@/lib/domain/roles';

/** Who is looking, as far as the browser needs to know: to hide what the role cannot do. */
export interface Viewer {
  name: string;
  roles: Role[];
}

const ViewerContext = createContext<Viewer>({ name: 'anonymous', roles: [] });

export function ViewerProvider({ viewer, children }: { viewer: Viewer; children: ReactNode }) {
  return <ViewerContext.Provider value={viewer}>{children}</ViewerContext.Provider>;
}

/** Whether the viewer holds a role. The server checks again: this only hides controls. */
export function useCan(required: Requirement): boolean {
  return hasRole(useContext(ViewerContext).roles, required);
}

/** Renders its children only for a viewer holding the role. */
export function IfCan({ role, children }: { role: Requirement; children: ReactNode }) {
  return useCan(role) ? children : null;
}

/** The viewer's name, as the server knows it (for "you started this" decisions; the server checks again). */
export function useViewerName(): string {
  return useContext(ViewerContext).name;
}
