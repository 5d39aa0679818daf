import { keepPreviousData } from '@tanstack/react-query';

/** Polled in background tabs too, at the slower rate usePollInterval() picks. */
export const live = { refetchIntervalInBackground: true, placeholderData: keepPreviousData } as const;
