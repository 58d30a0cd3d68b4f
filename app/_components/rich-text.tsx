// Renders a section's ProseMirror JSON as React elements — never as HTML strings — so stored text
// cannot inject markup. Links survive only with http/https/mailto (the editor's own rule).
import type { ReactNode } from 'react';
import type { PmMark, PmNode } from '../../domain/text/canonical';
import { isAllowedHref } from '../../editor/extensions';
import './rich-text.css';

function withMarks(text: string, marks: readonly PmMark[] | undefined, key: string): ReactNode {
  let node: ReactNode = text;
  for (const mark of marks ?? []) {
    if (mark.type === 'bold') node = <strong>{node}</strong>;
    else if (mark.type === 'italic') node = <em>{node}</em>;
    else if (mark.type === 'link' && isAllowedHref(mark.attrs?.['href'])) {
      node = (
        <a href={mark.attrs?.['href'] as string} rel="noopener noreferrer nofollow">
          {node}
        </a>
      );
    }
  }
  return <span key={key}>{node}</span>;
}

function renderNodes(nodes: readonly PmNode[] | undefined, path: string): ReactNode[] {
  return (nodes ?? []).map((node, index) => renderNode(node, `${path}.${index}`));
}

function renderNode(node: PmNode, key: string): ReactNode {
  switch (node.type) {
    case 'text':
      return withMarks(node.text ?? '', node.marks, key);
    case 'hardBreak':
      return <br key={key} />;
    case 'paragraph':
      return <p key={key}>{renderNodes(node.content, key)}</p>;
    case 'heading': {
      // Section titles are h2/h3 on these pages; headings inside a section go one level below.
      const level = node.attrs?.['level'] === 4 ? 'h5' : 'h4';
      const Tag = level;
      return <Tag key={key}>{renderNodes(node.content, key)}</Tag>;
    }
    case 'bulletList':
      return <ul key={key}>{renderNodes(node.content, key)}</ul>;
    case 'orderedList':
      return <ol key={key}>{renderNodes(node.content, key)}</ol>;
    case 'listItem':
      return <li key={key}>{renderNodes(node.content, key)}</li>;
    default:
      // Unknown content (a foreign client): show its text, not its structure.
      return node.content ? (
        <div key={key}>{renderNodes(node.content, key)}</div>
      ) : node.text ? (
        <span key={key}>{node.text}</span>
      ) : null;
  }
}

export function RichText({
  nodes,
  empty = './.',
}: {
  nodes: readonly PmNode[] | null | undefined;
  empty?: string;
}) {
  const hasText = JSON.stringify(nodes ?? []).includes('"text"');
  if (!nodes || nodes.length === 0 || !hasText) return <p className="empty-section">{empty}</p>;
  return <div className="rich-text">{renderNodes(nodes, 'n')}</div>;
}
