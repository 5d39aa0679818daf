'use client';

import { Component, type ErrorInfo, type ReactNode } from 'react';

interface Props {
  /** Names the widget in the fallback, e.g. "Status by region". */
  title: string;
  children: ReactNode;
}

interface State {
  error: Error | null;
}

/**
 * Keeps one broken live widget from blanking the page: the fallback says which
 * widget failed and offers a retry, while the others keep updating.
 * (Error boundaries still have to be class components in React 19.)
 */
export class WidgetBoundary extends Component<Props, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error(`Widget "${this.props.title}" failed`, error, info.componentStack);
  }

  override render(): ReactNode {
    if (!this.state.error) return this.props.children;
    return (
      <div className="banner banner-error" role="alert">
        <div>
          <strong>{this.props.title} could not be drawn.</strong> {this.state.error.message}{' '}
          <button type="button" className="btn btn-sm" onClick={() => this.setState({ error: null })}>
            Try again
          </button>
        </div>
      </div>
    );
  }
}
