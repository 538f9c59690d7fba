console.log('mcp-doctor');
