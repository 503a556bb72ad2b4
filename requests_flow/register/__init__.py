"""The request register (Sổ theo dõi cung cấp thông tin theo yêu cầu: Law Art. 26(1), Decree 13
Art. 10(1)), the outgoing register (sổ đăng ký văn bản đi: Decree 30 Art. 15) and the periodic
report (Decree 13 Art. 12(4)): selectors and their exports (CSV, XLSX, PDF). The back-office
pages are in requests_flow.backoffice.register_views and outgoing_views."""
