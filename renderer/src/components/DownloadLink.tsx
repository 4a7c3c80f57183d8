/** An <a download> whose href is a Blob URL of `content`, revoked when the content changes or on unmount. */
import { useEffect, useRef, type ReactNode } from 'react';

export function DownloadLink({
  content,
  type,
  filename,
  children,
}: {
  content: string;
  type: string;
  filename: string;
  children: ReactNode;
}) {
  const link = useRef<HTMLAnchorElement>(null);
  useEffect(() => {
    const url = URL.createObjectURL(new Blob([content], { type: `${type};charset=utf-8` }));
    link.current!.href = url;
    return () => URL.revokeObjectURL(url);
  }, [content, type]);
  return (
    <a ref={link} className="toolbar-button download-link" download={filename}>
      {children}
    </a>
  );
}
