"""Import and export: text, Markdown, DOCX, problem JSON, briefs."""
